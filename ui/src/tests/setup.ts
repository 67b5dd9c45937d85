// jsdom has no layout: give components the one browser API they observe.
class NoResize {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoResize as unknown as typeof ResizeObserver;
// Nor scrolling.
Element.prototype.scrollIntoView ??= function () {};
