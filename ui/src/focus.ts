// A result that appears takes the focus (and the view), so keyboard and
// screen-reader users land on it: `use:takeFocus` on its heading
// (with tabindex="-1"), which appears with each new result.
export function takeFocus(node: HTMLElement) {
  node.focus();
  node.scrollIntoView({ block: "start" });
}
