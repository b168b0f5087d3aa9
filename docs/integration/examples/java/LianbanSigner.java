// 联办开放接口（受办分离）请求签名与验签示例，Java 11+，只用 JDK。
//
// - HMAC-SHA256：JDK 自带（MessageDigest "SHA-256"、Mac "HmacSHA256"）。
// - HMAC-SM3：JDK 不带 SM3。把 BouncyCastle（org.bouncycastle:bcprov-jdk18on）放到 classpath 上即可：
//   本类发现它时自动注册其 Provider，使用 MessageDigest "SM3" 与 Mac "HMACSM3"；没有时打印说明。
//
// 编译运行（打印《签名算法》文档中示例的摘要和签名）：
//   javac -encoding UTF-8 -d out LianbanSigner.java && java -cp out LianbanSigner

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class LianbanSigner {
    /** 时间戳允许偏差（秒）。 */
    public static final long WINDOW_SECS = 300;

    private LianbanSigner() {}

    static {
        // BouncyCastle 在 classpath 上时注册它（提供 SM3），不在时什么也不做。
        try {
            Class<?> bc = Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider");
            Security.addProvider((Provider) bc.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError absent) {
            // 只能用 HMAC-SHA256。
        }
    }

    private static String digestName(String algorithm) {
        switch (algorithm) {
            case "HMAC-SHA256": return "SHA-256";
            case "HMAC-SM3": return "SM3";
            default: throw new IllegalArgumentException("unsupported algorithm " + algorithm);
        }
    }

    private static String macName(String algorithm) {
        return algorithm.equals("HMAC-SM3") ? "HMACSM3" : "HmacSHA256";
    }

    /** 请求体原始字节的摘要（小写十六进制）；无请求体时传空数组。 */
    public static String bodyDigest(String algorithm, byte[] body) throws GeneralSecurityException {
        return hex(MessageDigest.getInstance(digestName(algorithm)).digest(body));
    }

    public static String stringToSign(String method, String pathAndQuery, long timestamp, String nonce,
                                      String digest) {
        return String.join("\n", method.toUpperCase(), pathAndQuery, Long.toString(timestamp), nonce, digest);
    }

    private static String mac(String algorithm, String secret, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(macName(algorithm));
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macName(algorithm)));
        return hex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** 5 个签名请求头。pathAndQuery 必须与实际发送的完全一致。 */
    public static Map<String, String> sign(String appKey, String secret, String algorithm, String method,
                                           String pathAndQuery, byte[] body, long timestamp, String nonce)
            throws GeneralSecurityException {
        String text = stringToSign(method, pathAndQuery, timestamp, nonce, bodyDigest(algorithm, body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Lianban-Key", appKey);
        headers.put("X-Lianban-Timestamp", Long.toString(timestamp));
        headers.put("X-Lianban-Nonce", nonce);
        headers.put("X-Lianban-Signature-Method", algorithm);
        headers.put("X-Lianban-Signature", mac(algorithm, secret, text));
        return headers;
    }

    /** 当前时间、随机 nonce 的签名。 */
    public static Map<String, String> sign(String appKey, String secret, String algorithm, String method,
                                           String pathAndQuery, byte[] body) throws GeneralSecurityException {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return sign(appKey, secret, algorithm, method, pathAndQuery, body,
                System.currentTimeMillis() / 1000, hex(random));
    }

    /**
     * 校验联办推送。headers 为不区分大小写的取值函数；失败时抛出的异常消息以联办错误码开头
     * （signature_missing、signature_malformed、timestamp_out_of_window、signature_invalid）。
     * 通过后调用方还须拒绝时间窗口内重复的 nonce，并按事件 id 去重。
     */
    public static void verify(Function<String, String> headers, String secret, String method,
                              String pathAndQuery, byte[] body, long now) throws GeneralSecurityException {
        String timestamp = need(headers, "X-Lianban-Timestamp");
        String nonce = need(headers, "X-Lianban-Nonce");
        String signature = need(headers, "X-Lianban-Signature").toLowerCase();
        need(headers, "X-Lianban-Key");
        String algorithm = headers.apply("X-Lianban-Signature-Method");
        algorithm = algorithm == null || algorithm.isBlank() ? "HMAC-SHA256" : algorithm.trim().toUpperCase();
        if (!algorithm.equals("HMAC-SHA256") && !algorithm.equals("HMAC-SM3")) {
            throw new SecurityException("signature_malformed: 不支持的签名算法 " + algorithm);
        }
        if (!timestamp.matches("[0-9]{1,12}")) {
            throw new SecurityException("signature_malformed: 时间戳格式不正确");
        }
        long ts = Long.parseLong(timestamp);
        if (Math.abs(ts - now) > WINDOW_SECS) {
            throw new SecurityException("timestamp_out_of_window: 时间戳超出允许范围");
        }
        String expected = mac(algorithm, secret,
                stringToSign(method, pathAndQuery, ts, nonce, bodyDigest(algorithm, body)));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new SecurityException("signature_invalid: 签名校验失败");
        }
    }

    private static String need(Function<String, String> headers, String name) {
        String value = headers.apply(name);
        if (value == null || value.isBlank()) {
            throw new SecurityException("signature_missing: 缺少签名请求头 " + name);
        }
        return value.trim();
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    /** 打印《签名算法》文档中的示例（与 sdk/src/sign/tests.rs 相同）。 */
    public static void main(String[] args) throws GeneralSecurityException {
        String secret = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        String path = "/open/v1/matters/LB-20260302-0001/dispatches/n3/steps";
        byte[] body = "{\"name\":\"科室初审\",\"handler\":\"张三\",\"at\":\"2026-03-02T09:00:00+08:00\",\"opinion\":\"同意\"}"
                .getBytes(StandardCharsets.UTF_8);
        long timestamp = 1772413200L;
        String nonce = "7c1e5b0a9d3f4e21a8b6c0d2e4f61357";
        for (String algorithm : new String[] {"HMAC-SHA256", "HMAC-SM3"}) {
            Map<String, String> headers;
            try {
                headers = sign("demo-rsj", secret, algorithm, "POST", path, body, timestamp, nonce);
            } catch (java.security.NoSuchAlgorithmException e) {
                System.out.println(algorithm + " unavailable: needs BouncyCastle (bcprov) on the classpath");
                continue;
            }
            System.out.println(algorithm + " body digest: " + bodyDigest(algorithm, body));
            System.out.println(algorithm + " signature: " + headers.get("X-Lianban-Signature"));
            Map<String, String> lower = new LinkedHashMap<>();
            headers.forEach((k, v) -> lower.put(k.toLowerCase(), v));
            verify(name -> lower.get(name.toLowerCase()), secret, "POST", path, body, timestamp);
        }
    }
}
