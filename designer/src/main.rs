//! Entry point of the web app: installs the panic hook, removes the static "正在加载…" line and
//! mounts [`lianban_designer::App`] on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
        boot.remove();
    }
    yew::Renderer::<lianban_designer::App>::new().render();
}
