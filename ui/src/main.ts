// Satchel's window: the Svelte app over the Tauri backend.
import { mount } from "svelte";
import App from "./App.svelte";
import { tauriBackend } from "./backend";
import "./style.css";

mount(App, { target: document.getElementById("app") as HTMLElement, props: { backend: tauriBackend } });
