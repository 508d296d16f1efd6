//! Webview hardening: the webview is untrusted (DESIGN.md §3).
//!
//! The UI renders content written by other people (message bodies, room names). If any
//! of it ever turned into markup or script despite the UI's care, the damage must stay
//! inside a page that cannot leave the app. So, independently of the CSP and of the UI
//! code, Rust refuses:
//!
//! - every navigation whose origin is not the app's own (links, `location = …`, forms,
//!   `<meta refresh>`); links are opened by Rust after a confirmation, never by the webview;
//! - every new window (`window.open`, `target=_blank`);
//! - every download the webview starts; files go through Parley's quarantine instead;
//! - on Linux, every `WebKitGTK` permission request (camera, microphone, geolocation,
//!   notifications, device info, pointer lock, clipboard, …), and `WebRTC` and media capture
//!   are switched off so they cannot be used to reach the network around `connect-src`.
//!
//! Devtools are off in release builds (the `devtools` feature of `tauri` is not enabled,
//! so the inspector is not even compiled in); a debug build opens them only when
//! `PARLEY_DEVTOOLS=1` is set.

use tauri::webview::{DownloadEvent, NewWindowResponse, PageLoadEvent};
use tauri::{Manager, Runtime, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// Label of the one window (matches `capabilities/main.json`).
pub const MAIN_WINDOW: &str = "main";

/// Whether `url` is the app's own origin, as served by Tauri's custom protocol.
///
/// Linux and macOS use `tauri://localhost`; Windows and Android use `http(s)://tauri.localhost`.
pub fn is_app_origin(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

/// Builds the main window with every hardening hook attached before the page loads.
pub fn build_main_window<R: Runtime, M: Manager<R>>(manager: &M) -> tauri::Result<WebviewWindow<R>> {
    let devtools = cfg!(debug_assertions) && std::env::var_os("PARLEY_DEVTOOLS").is_some_and(|v| v == "1");
    let window = WebviewWindowBuilder::new(manager, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
        .title("Parley")
        .inner_size(1100.0, 720.0)
        .min_inner_size(720.0, 480.0)
        .devtools(devtools)
        .on_navigation(|url| {
            let allowed = is_app_origin(url);
            if !allowed {
                tracing::warn!(scheme = url.scheme(), host = ?url.host_str(), "webview navigation refused");
            }
            allowed
        })
        .on_new_window(|url, _features| {
            tracing::warn!(scheme = url.scheme(), host = ?url.host_str(), "webview new window refused");
            NewWindowResponse::Deny
        })
        .on_download(|_webview, event| {
            if let DownloadEvent::Requested { url, .. } = event {
                tracing::warn!(scheme = url.scheme(), host = ?url.host_str(), "webview download refused");
            }
            false
        })
        .on_page_load(|_webview, payload| {
            if payload.event() == PageLoadEvent::Finished && !is_app_origin(payload.url()) {
                // Unreachable while `on_navigation` holds; logged so a regression is visible.
                tracing::error!(
                    scheme = payload.url().scheme(),
                    "a page outside the app origin finished loading"
                );
            }
        })
        .build()?;
    deny_platform_permissions(&window)?;
    Ok(window)
}

/// Denies every permission request of the platform webview and turns off capture, WebRTC,
/// WebGL and Web Audio.
#[cfg(target_os = "linux")]
fn deny_platform_permissions<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|platform| {
        use webkit2gtk::glib::prelude::ObjectExt;
        use webkit2gtk::{PermissionRequestExt, SettingsExt, WebViewExt};
        let view = platform.inner();
        view.connect_permission_request(|_view, request| {
            let kind = request.type_().name();
            tracing::warn!(%kind, "webview permission request denied");
            request.deny();
            crate::audit_sink::record(
                parley_core::audit::AuditEvent::new("permission", "denied")
                    .with("permission", permission_name(kind)),
            );
            // Handled: WebKit must not fall back to its default (which may prompt).
            true
        });
        if let Some(settings) = view.settings() {
            settings.set_enable_media_stream(false);
            settings.set_enable_webrtc(false);
            settings.set_enable_media(false);
            settings.set_enable_encrypted_media(false);
            // Never used by Parley's page: WebGL exposes the GPU driver to page script, Web
            // Audio adds a fingerprinting and decoding surface. Off costs nothing.
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
            settings.set_javascript_can_open_windows_automatically(false);
            settings
                .set_enable_developer_extras(cfg!(debug_assertions) && settings.enables_developer_extras());
            // Tests (debug builds only) read the page's console, e.g. to catch CSP violations.
            settings.set_enable_write_console_messages_to_stdout(webview_console_to_stdout());
        }
    })
}

/// What a `WebKitGTK` permission request asks for, in words.
#[cfg(target_os = "linux")]
fn permission_name(type_name: &str) -> String {
    match type_name {
        "WebKitUserMediaPermissionRequest" => "the camera or microphone".to_owned(),
        "WebKitGeolocationPermissionRequest" => "the location".to_owned(),
        "WebKitNotificationPermissionRequest" => "notifications".to_owned(),
        "WebKitDeviceInfoPermissionRequest" => "the list of media devices".to_owned(),
        "WebKitPointerLockPermissionRequest" => "pointer lock".to_owned(),
        "WebKitClipboardPermissionRequest" => "the clipboard".to_owned(),
        other => other.trim_start_matches("WebKit").trim_end_matches("PermissionRequest").to_owned(),
    }
}

/// Debug builds with `PARLEY_WEBVIEW_CONSOLE=1` copy the page's console to stdout.
#[cfg(target_os = "linux")]
fn webview_console_to_stdout() -> bool {
    cfg!(debug_assertions) && std::env::var_os("PARLEY_WEBVIEW_CONSOLE").is_some_and(|v| v == "1")
}

/// Other platforms: Windows (WebView2 `PermissionRequested`) and macOS (WKUIDelegate) are
/// wired when those targets are built; Tauri's defaults there already prompt rather than grant.
#[cfg(not(target_os = "linux"))]
fn deny_platform_permissions<R: Runtime>(_window: &WebviewWindow<R>) -> tauri::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped configuration keeps every lock: a change that loosens one fails here.
    #[test]
    fn configuration_keeps_the_webview_locked_down() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON");
        let security = &conf["app"]["security"];
        let csp = security["csp"].as_str().expect("a CSP");
        for needed in [
            "default-src 'self'",
            "script-src 'self'",
            "connect-src ipc: http://ipc.localhost",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ] {
            assert!(csp.contains(needed), "CSP lacks {needed}: {csp}");
        }
        for forbidden in ["unsafe-eval", "unsafe-inline", "http:", "https:", "*"] {
            assert!(
                !csp.replace("http://ipc.localhost", "").contains(forbidden),
                "CSP allows {forbidden}: {csp}"
            );
        }
        assert_eq!(security["freezePrototype"], true);
        assert_eq!(security["pattern"]["use"], "isolation");
        let permissions = security["headers"]["Permissions-Policy"].as_str().expect("Permissions-Policy");
        for device in ["camera=()", "microphone=()", "geolocation=()", "display-capture=()"] {
            assert!(permissions.contains(device), "Permissions-Policy lacks {device}");
        }
        assert_eq!(conf["build"]["removeUnusedCommands"], true);
        assert!(conf["app"].get("withGlobalTauri").is_none_or(|v| v == false));
        let entitlements = include_str!("../../packaging/macos/Parley.entitlements");
        let granted = entitlements.split("-->").nth(1).expect("entitlements after the comment");
        for device in ["device.camera", "device.audio-input", "personal-information.location"] {
            assert!(!granted.contains(device), "the macOS entitlements grant {device}");
        }
        assert_eq!(conf["bundle"]["macOS"]["entitlements"], "../packaging/macos/Parley.entitlements");
    }

    #[test]
    fn app_origins() {
        for (url, ok) in [
            ("tauri://localhost/index.html", true),
            ("tauri://localhost", true),
            ("http://tauri.localhost/index.html", true),
            ("https://tauri.localhost/", true),
            ("http://tauri.localhost:8080/", false),
            ("tauri://evil.example/", false),
            ("https://example.org/", false),
            ("http://localhost:1420/", false),
            ("file:///etc/passwd", false),
            ("javascript:alert(1)", false),
            ("data:text/html,hi", false),
            ("about:blank", false),
        ] {
            let parsed = Url::parse(url).expect("test URLs parse");
            assert_eq!(is_app_origin(&parsed), ok, "{url}");
        }
    }
}
