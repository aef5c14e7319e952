"""Keyboard helpers shared by the browser tests."""

FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name"),
    href: el.getAttribute("href"),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").slice(0, 60),
    kind: [el.tagName, el.getAttribute("class"), el.getAttribute("type"),
           el.parentElement && el.parentElement.tagName].join("|"),
    focusVisible: el.matches(":focus-visible"),
    box: {x: box.x, y: box.y, width: box.width, height: box.height},
    viewport: {width: innerWidth, height: innerHeight},
  };
}"""

# The focus indicator may lie outside the element's box (outline-offset, box-shadow).
FOCUS_RING_MARGIN = 8


def focused(page) -> dict:
    """What has the keyboard focus: tag, href, text, box, whether :focus-visible matches."""
    return page.evaluate(FOCUSED)


def focus_is_visible(page, element: dict) -> bool:
    """Whether the focused ``element`` looks different from the same element unfocused.

    Compares screenshots of its surroundings with and without focus, which accepts every
    kind of indicator (outline, shadow, colour, an SVG shape's fill), then gives the focus
    back without moving the keyboard's position.
    """
    box, viewport = element["box"], element["viewport"]
    left = max(0, box["x"] - FOCUS_RING_MARGIN)
    top = max(0, box["y"] - FOCUS_RING_MARGIN)
    right = min(viewport["width"], box["x"] + box["width"] + FOCUS_RING_MARGIN)
    bottom = min(viewport["height"], box["y"] + box["height"] + FOCUS_RING_MARGIN)
    if right - left < 1 or bottom - top < 1:
        return False
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    with_focus = page.screenshot(clip=clip, animations="disabled", caret="hide")
    page.evaluate("window.__focused = document.activeElement; document.activeElement.blur()")
    without_focus = page.screenshot(clip=clip, animations="disabled", caret="hide")
    page.evaluate("window.__focused.focus()")
    return with_focus != without_focus


def tab_until(page, predicate: str, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies the JavaScript ``predicate(el)``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate})(document.activeElement)"):
            return focused(page)
    raise AssertionError(f"no tab stop matched {predicate} within {limit} presses")
