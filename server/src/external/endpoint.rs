//! Where Lianban may push (SSRF guard): an `http(s)` URL whose host is not on loopback, a private,
//! link-local, shared (CGNAT), unspecified or multicast address — unless the operator allowlisted
//! it in `LIANBAN_OPEN_ALLOW` (entries `host`, `host:port` or a CIDR such as `10.0.0.0/8`;
//! government intranets mostly live on private ranges, so real deployments list theirs there).
//!
//! Registration checks the URL and any literal address ([`check`]); every delivery checks the
//! addresses the host resolves to at that moment ([`resolve`]), so a name that later points
//! inside is still refused.

use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// Why an endpoint is refused; [`EndpointError::code`] is the stable API code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// Not an absolute http(s) URL without credentials.
    #[error("接收地址须为 http:// 或 https:// 开头的完整地址，且不含用户名、密码和 #片段")]
    Invalid,
    /// The host is (or resolves to) an internal address that is not allowlisted.
    #[error("接收地址 {0} 指向本机或内网地址，须由运维在 LIANBAN_OPEN_ALLOW 中放行")]
    NotAllowed(String),
    /// The host does not resolve.
    #[error("接收地址的主机名 {0} 无法解析")]
    Unresolvable(String),
}

impl EndpointError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            EndpointError::Invalid => "endpoint_invalid",
            EndpointError::NotAllowed(_) => "endpoint_not_allowed",
            EndpointError::Unresolvable(_) => "endpoint_unresolvable",
        }
    }
}

/// One allowlist entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allow {
    /// A host name or address, any port.
    Host(String),
    /// A host name or address with one port.
    HostPort(String, u16),
    /// An address range.
    Net(IpNet),
}

/// Parses `LIANBAN_OPEN_ALLOW` (comma-separated); `Err` names the bad entry.
pub fn parse_allowlist(text: &str) -> Result<Vec<Allow>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|entry| {
            if let Ok(net) = entry.parse::<IpNet>() {
                return Ok(Allow::Net(net));
            }
            if let Ok(ip) = entry.parse::<IpAddr>() {
                return Ok(Allow::Host(ip.to_string()));
            }
            if let Ok(addr) = entry.parse::<SocketAddr>() {
                return Ok(Allow::HostPort(addr.ip().to_string(), addr.port()));
            }
            match entry.rsplit_once(':') {
                Some((host, port)) if valid_host(host) => port
                    .parse()
                    .map(|p| Allow::HostPort(host.to_ascii_lowercase(), p))
                    .map_err(|_| entry.to_owned()),
                None if valid_host(entry) => Ok(Allow::Host(entry.to_ascii_lowercase())),
                _ => Err(entry.to_owned()),
            }
        })
        .collect()
}

fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// A checked endpoint: the URL and what to connect to.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The parsed URL.
    pub url: url::Url,
    /// The host as written (lower case; IPv6 without brackets).
    pub host: String,
    /// The port (the scheme's default when absent).
    pub port: u16,
}

impl Endpoint {
    /// The request target to sign: path and `?query`.
    pub fn path_and_query(&self) -> String {
        match self.url.query() {
            Some(q) => format!("{}?{q}", self.url.path()),
            None => self.url.path().to_owned(),
        }
    }
}

/// Checks the URL's form and, when its host is an address (or `localhost`), the address.
pub fn check(text: &str, allow: &[Allow]) -> Result<Endpoint, EndpointError> {
    let url = url::Url::parse(text.trim()).map_err(|_| EndpointError::Invalid)?;
    if !matches!(url.scheme(), "http" | "https")
        || !url.username().is_empty()
        || url.password().is_some()
        || url.fragment().is_some()
    {
        return Err(EndpointError::Invalid);
    }
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_ascii_lowercase(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => return Err(EndpointError::Invalid),
    };
    let port = url.port_or_known_default().ok_or(EndpointError::Invalid)?;
    let endpoint = Endpoint { url, host, port };
    if allowed_name(&endpoint, allow) {
        return Ok(endpoint);
    }
    if let Ok(ip) = endpoint.host.parse::<IpAddr>() {
        check_addr(&endpoint, ip, allow)?;
    } else if endpoint.host == "localhost" || endpoint.host.ends_with(".localhost") {
        return Err(EndpointError::NotAllowed(endpoint.host.clone()));
    }
    Ok(endpoint)
}

/// Checks the URL and every address its host resolves to now; returns the endpoint and the
/// addresses to connect to (pin them, so a second lookup cannot swap in an internal one).
pub async fn resolve(
    text: &str,
    allow: &[Allow],
) -> Result<(Endpoint, Vec<SocketAddr>), EndpointError> {
    let endpoint = check(text, allow)?;
    let addrs: Vec<SocketAddr> = match endpoint.host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, endpoint.port)],
        Err(_) => tokio::net::lookup_host((endpoint.host.as_str(), endpoint.port))
            .await
            .map_err(|_| EndpointError::Unresolvable(endpoint.host.clone()))?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(EndpointError::Unresolvable(endpoint.host.clone()));
    }
    if !allowed_name(&endpoint, allow) {
        for addr in &addrs {
            check_addr(&endpoint, addr.ip(), allow)?;
        }
    }
    Ok((endpoint, addrs))
}

fn allowed_name(endpoint: &Endpoint, allow: &[Allow]) -> bool {
    allow.iter().any(|a| match a {
        Allow::Host(h) => *h == endpoint.host,
        Allow::HostPort(h, p) => *h == endpoint.host && *p == endpoint.port,
        Allow::Net(_) => false,
    })
}

fn check_addr(endpoint: &Endpoint, ip: IpAddr, allow: &[Allow]) -> Result<(), EndpointError> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    let listed = allow.iter().any(|a| match a {
        Allow::Net(net) => net.contains(&ip),
        Allow::Host(h) => h.parse::<IpAddr>() == Ok(ip),
        Allow::HostPort(h, p) => h.parse::<IpAddr>() == Ok(ip) && *p == endpoint.port,
    });
    if internal(ip) && !listed {
        return Err(EndpointError::NotAllowed(endpoint.host.clone()));
    }
    Ok(())
}

/// Loopback, private, link-local, shared, unspecified, broadcast, documentation or multicast.
pub fn internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow(text: &str) -> Vec<Allow> {
        parse_allowlist(text).unwrap()
    }

    #[test]
    fn public_http_urls_pass_and_malformed_ones_are_invalid() {
        let e = check("https://zrzy.example.gov.cn/api/lianban?x=1", &[]).unwrap();
        assert_eq!((e.host.as_str(), e.port), ("zrzy.example.gov.cn", 443));
        assert_eq!(e.path_and_query(), "/api/lianban?x=1");
        assert!(
            check("http://203.0.113.9:8080/", &[]).is_err(),
            "documentation range"
        );
        check("http://8.8.8.8:8080/events", &[]).unwrap();
        for bad in [
            "ftp://example.com/",
            "example.com/events",
            "http://user:pw@example.com/",
            "http://example.com/#frag",
            "",
            "http://exa mple.com/",
        ] {
            assert_eq!(
                check(bad, &[]).unwrap_err(),
                EndpointError::Invalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn internal_addresses_need_the_allowlist() {
        for url in [
            "http://127.0.0.1:8091/lianban/events",
            "http://localhost:8091/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            let err = check(url, &[]).unwrap_err();
            assert_eq!(err.code(), "endpoint_not_allowed", "{url}");
        }
        let list = allow("127.0.0.1:8091, 10.0.0.0/8, intranet.local");
        check("http://127.0.0.1:8091/lianban/events", &list).unwrap();
        assert!(
            check("http://127.0.0.1:8092/", &list).is_err(),
            "other port"
        );
        check("http://10.20.30.40/", &list).unwrap();
        check("http://intranet.local:9000/", &list).unwrap();
        assert!(check("http://192.168.1.1/", &list).is_err());
    }

    #[test]
    fn the_allowlist_refuses_garbage() {
        assert_eq!(
            allow("10.0.0.0/8,127.0.0.1:8091,host.gov.cn,host:80,::1"),
            vec![
                Allow::Net("10.0.0.0/8".parse().unwrap()),
                Allow::HostPort("127.0.0.1".into(), 8091),
                Allow::Host("host.gov.cn".into()),
                Allow::HostPort("host".into(), 80),
                Allow::Host("::1".into()),
            ]
        );
        assert_eq!(
            parse_allowlist("ok.host, bad host").unwrap_err(),
            "bad host"
        );
        assert_eq!(parse_allowlist("h:port").unwrap_err(), "h:port");
        assert!(parse_allowlist("").unwrap().is_empty());
    }

    #[tokio::test]
    async fn resolution_is_checked_at_delivery() {
        let err = resolve("http://localhost:8091/", &[]).await.unwrap_err();
        assert_eq!(err.code(), "endpoint_not_allowed");
        let (_, addrs) = resolve("http://127.0.0.1:8091/x", &allow("127.0.0.1:8091"))
            .await
            .unwrap();
        assert_eq!(addrs, vec!["127.0.0.1:8091".parse::<SocketAddr>().unwrap()]);
        let err = resolve("http://no-such-host.invalid/", &[])
            .await
            .unwrap_err();
        assert_eq!(err.code(), "endpoint_unresolvable");
    }
}
