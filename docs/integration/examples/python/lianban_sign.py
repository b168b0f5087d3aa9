#!/usr/bin/env python3
"""联办开放接口（受办分离）请求签名与验签示例，Python 3，只用标准库。

- HMAC-SHA256：标准库 hashlib/hmac 即可。
- HMAC-SM3：优先用 hashlib 的 "sm3"（Python 链接的 OpenSSL 支持 SM3 时可用，如 OpenSSL 1.1.1+ 的
  多数发行版构建）；否则若已安装 PyPI 的 gmssl（pip install gmssl）则用它；两者都没有时本示例
  说明 SM3 不可用，HMAC-SHA256 照常工作。

直接运行本文件，打印《签名算法》文档中示例的摘要和签名，可与自己的实现对照：

    python3 lianban_sign.py

在自己的系统中：调用联办接口时用 sign() 生成请求头；接收联办推送时用 verify() 校验，并自行记住
已用过的 nonce（在时间窗口内拒绝重复）和已处理的事件 id（重复投递直接回 2xx）。
"""

import hashlib
import hmac
import secrets
import sys
import time

WINDOW_SECS = 300  # 时间戳允许偏差（秒）


def _sm3_from_hashlib():
    try:
        hashlib.new("sm3", b"")
    except (ValueError, TypeError):
        return None
    return lambda data=b"": hashlib.new("sm3", data)


def _sm3_from_gmssl():
    try:
        from gmssl import sm3  # type: ignore
    except ImportError:
        return None

    class _Sm3:
        digest_size = 32
        block_size = 64

        def __init__(self, data=b""):
            self._data = bytearray(data)

        def update(self, data):
            self._data += data

        def digest(self):
            return bytes.fromhex(sm3.sm3_hash(list(self._data)))

        def hexdigest(self):
            return self.digest().hex()

        def copy(self):
            return _Sm3(bytes(self._data))

    return _Sm3


_SM3 = _sm3_from_hashlib() or _sm3_from_gmssl()


def _hash(algorithm):
    if algorithm == "HMAC-SHA256":
        return hashlib.sha256
    if algorithm == "HMAC-SM3":
        if _SM3 is None:
            raise RuntimeError("本机 Python 不支持 SM3：请使用支持 SM3 的 OpenSSL，或 pip install gmssl")
        return _SM3
    raise ValueError("unsupported algorithm " + algorithm)


def body_digest(algorithm, body):
    """请求体原始字节的摘要（小写十六进制）；无请求体时为空字节串的摘要。"""
    return _hash(algorithm)(body).hexdigest()


def string_to_sign(method, path_and_query, timestamp, nonce, digest):
    return "\n".join([method.upper(), path_and_query, str(timestamp), nonce, digest])


def _mac(algorithm, secret, text):
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), _hash(algorithm)).hexdigest()


def sign(app_key, secret, method, path_and_query, body=b"", algorithm="HMAC-SHA256",
         timestamp=None, nonce=None):
    """返回要加在请求上的 5 个签名请求头。path_and_query 必须与实际发送的完全一致。"""
    timestamp = int(time.time()) if timestamp is None else timestamp
    nonce = secrets.token_hex(16) if nonce is None else nonce
    text = string_to_sign(method, path_and_query, timestamp, nonce, body_digest(algorithm, body))
    return {
        "X-Lianban-Key": app_key,
        "X-Lianban-Timestamp": str(timestamp),
        "X-Lianban-Nonce": nonce,
        "X-Lianban-Signature-Method": algorithm,
        "X-Lianban-Signature": _mac(algorithm, secret, text),
    }


class SignatureError(Exception):
    """code 与联办的错误码一致：signature_missing、signature_malformed、
    timestamp_out_of_window、signature_invalid。"""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def verify(headers, secret, method, path_and_query, body, now=None):
    """校验联办推送（或任何签名请求）。headers 为不区分大小写的取值函数 name -> str|None。
    通过时返回 (app_key, nonce)；调用方还须拒绝时间窗口内重复的 nonce。"""
    def need(name):
        value = (headers(name) or "").strip()
        if not value:
            raise SignatureError("signature_missing", "缺少签名请求头 " + name)
        return value

    app_key = need("X-Lianban-Key")
    timestamp = need("X-Lianban-Timestamp")
    nonce = need("X-Lianban-Nonce")
    signature = need("X-Lianban-Signature").lower()
    algorithm = (headers("X-Lianban-Signature-Method") or "HMAC-SHA256").strip().upper()
    if algorithm not in ("HMAC-SHA256", "HMAC-SM3"):
        raise SignatureError("signature_malformed", "不支持的签名算法 " + algorithm)
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise SignatureError("signature_malformed", "时间戳格式不正确")
    now = int(time.time()) if now is None else now
    if abs(int(timestamp) - now) > WINDOW_SECS:
        raise SignatureError("timestamp_out_of_window", "时间戳超出允许范围")
    text = string_to_sign(method, path_and_query, int(timestamp), nonce, body_digest(algorithm, body))
    if not hmac.compare_digest(_mac(algorithm, secret, text), signature):
        raise SignatureError("signature_invalid", "签名校验失败")
    return app_key, nonce


# 《签名算法》文档中的示例（与 sdk/src/sign/tests.rs 相同）。
EXAMPLE_SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
EXAMPLE_PATH = "/open/v1/matters/LB-20260302-0001/dispatches/n3/steps"
EXAMPLE_BODY = '{"name":"科室初审","handler":"张三","at":"2026-03-02T09:00:00+08:00","opinion":"同意"}'.encode("utf-8")
EXAMPLE_TIMESTAMP = 1772413200
EXAMPLE_NONCE = "7c1e5b0a9d3f4e21a8b6c0d2e4f61357"


def main():
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    for algorithm in ("HMAC-SHA256", "HMAC-SM3"):
        try:
            headers = sign("demo-rsj", EXAMPLE_SECRET, "POST", EXAMPLE_PATH, EXAMPLE_BODY,
                           algorithm, EXAMPLE_TIMESTAMP, EXAMPLE_NONCE)
        except RuntimeError as e:
            print(algorithm + " unavailable: " + str(e))
            continue
        print(algorithm + " body digest: " + body_digest(algorithm, EXAMPLE_BODY))
        print(algorithm + " signature: " + headers["X-Lianban-Signature"])
        lookup = {k.lower(): v for k, v in headers.items()}
        verify(lambda name: lookup.get(name.lower()), EXAMPLE_SECRET, "POST", EXAMPLE_PATH,
               EXAMPLE_BODY, now=EXAMPLE_TIMESTAMP)


if __name__ == "__main__":
    main()
