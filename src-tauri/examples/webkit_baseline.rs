//! The webview floor under Parley's start-up and memory figures (issue 16): the same Tauri
//! configuration (tauri.conf.json: isolation pattern, CSP, headers) and window size, showing
//! one static paragraph instead of the app. No engine, no store, no IPC.
//!
//! `tests/bench/peers.sh` launches it beside Parley and nheko, in the same run, and measures
//! its first window, the time to its loaded page (the line it prints) and its PSS over every
//! process (its web and network processes included): what any app built on this
//! webview pays before doing anything.

use tauri::{WebviewUrl, WebviewWindowBuilder, webview::PageLoadEvent};

/// The page: a paragraph, so something is laid out and painted.
const PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>baseline</title></head>\
                    <body><p>WebKit baseline</p></body></html>";

fn main() {
    tauri::Builder::default()
        .register_uri_scheme_protocol("baseline", |_ctx, _request| {
            let mut response = tauri::http::Response::new(PAGE.as_bytes().to_vec());
            response
                .headers_mut()
                .insert("content-type", tauri::http::HeaderValue::from_static("text/html; charset=utf-8"));
            response
        })
        .setup(|app| {
            WebviewWindowBuilder::new(
                app,
                "baseline",
                WebviewUrl::CustomProtocol("baseline://localhost/".parse()?),
            )
            .title("WebKit baseline")
            // Parley's main window's size (hardening.rs).
            .inner_size(1100.0, 720.0)
            .on_page_load(|_window, payload| {
                if payload.event() == PageLoadEvent::Finished {
                    // Read by peers.mjs: the time it reads this line is the page's.
                    println!("page loaded");
                }
            })
            .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("webkit_baseline: {e}");
            std::process::exit(1);
        });
}
