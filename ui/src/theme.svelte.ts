// Light, dark or the system's choice, kept on this computer.
export type Mode = "system" | "light" | "dark";
export const theme = $state({ mode: (typeof localStorage !== "undefined" ? (localStorage.getItem("satchel.theme") as Mode) : null) ?? "system" });

export function applyTheme() {
  if (typeof document === "undefined") return;
  if (theme.mode === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme.mode;
}

export function setTheme(mode: Mode) {
  theme.mode = mode;
  localStorage.setItem("satchel.theme", mode);
  applyTheme();
}
