"""What a reader does on the built demo site, in Debian's chromium (see conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import ENGINE, Watch, screenshot

pytestmark = pytest.mark.browser

KINDS = ("overview", "project", "retrospective", "history", "compare", "midcycle", "board", "tags", "404")


def goto(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def version_titles(page: Any) -> list[str]:
    page.wait_for_selector(".md-version__link", state="attached")
    # each link holds the title, then (for an alias such as "latest") a span with the alias
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        ".md-version__link", "links => links.map(a => a.firstChild.textContent.trim())"
    )


def switch_version(page: Any, version: str) -> None:
    page.mouse.move(0, 400)  # a list left open by the last switch would cover the button
    page.hover(".md-version__current", force=True)  # the (closed) list sits over the button
    page.locator(f'.md-version__list a.md-version__link[href$="/{version}/"]').click()
    page.wait_for_load_state("networkidle")


def test_version_selector_lists_cycles_newest_first(
    desktop: tuple[Any, Watch], site_url: str, versions: list[dict[str, Any]], demo_root: Path
) -> None:
    """The selector shows every cycle, newest first, as in data/cycles.yaml read backwards."""
    page, watch = desktop
    goto(page, f"{site_url}/{versions[-1]['version']}/")
    titles = version_titles(page)
    assert titles == [v["title"] for v in versions]
    calendar = re.findall(r"^  - name: (\S+)", (demo_root / "data" / "cycles.yaml").read_text(), re.M)
    assert [v["version"] for v in versions] == calendar[::-1]
    watch.assert_clean("version selector")


def test_switching_cycle_stays_on_the_same_page_when_it_exists(
    desktop: tuple[Any, Watch], site_url: str, kinds: dict[str, str], demo_root: Path, versions: list[dict[str, Any]]
) -> None:
    """From a project page, another cycle that has it opens the same page; one that lacks it opens its home."""
    page, watch = desktop
    site = demo_root / "site"
    titles = {v["version"]: v["title"] for v in versions}
    for kind in ("retrospective", "midcycle", "project"):
        cycle, rest = kinds[kind].strip("/").split("/", 1)
        having = [n for n in titles if n != cycle and (site / n / rest / "index.html").is_file()]
        lacking = [n for n in titles if not (site / n / rest / "index.html").is_file()]
        if having and lacking:
            break
    assert having and lacking, "the demo needs a page present in some cycles and absent in others"
    goto(page, f"{site_url}/{cycle}/{rest}/")
    switch_version(page, having[0])
    page.wait_for_url(f"{site_url}/{having[0]}/{rest}/")
    switch_version(page, lacking[0])
    page.wait_for_url(f"{site_url}/{lacking[0]}/")
    watch.assert_clean("version switching")


def test_older_cycles_show_the_outdated_banner(
    desktop: tuple[Any, Watch], site_url: str, versions: list[dict[str, Any]]
) -> None:
    """Every cycle but the latest says it is an earlier one and links to the latest."""
    page, watch = desktop
    banner = page.locator('[data-md-component="outdated"]')
    goto(page, f"{site_url}/{versions[1]['version']}/")
    banner.wait_for(state="visible")
    assert "earlier release cycle" in banner.inner_text()
    goto(page, f"{site_url}/{versions[0]['version']}/")
    page.wait_for_timeout(200)
    assert not banner.is_visible()
    watch.assert_clean("outdated banner")


def search(page: Any, query: str) -> list[dict[str, str]]:
    """Type `query` into the engine's search and return the results' links and text."""
    if ENGINE == "zensical":
        return zensical_search(page, query)
    field = page.locator(".md-search__input")
    field.click()
    # Material searches on key presses, not on a programmatic fill: clear the field by keys too, so
    # the previous query's results go before this one's are awaited (else they are read instead).
    field.press("Control+a")
    field.press("Backspace")
    page.wait_for_selector(".md-search-result__item", state="detached")
    field.press_sequentially(query)
    page.wait_for_selector(".md-search-result__item")
    settle(page, ".md-search-result")
    found: list[dict[str, str]] = page.eval_on_selector_all(
        ".md-search-result__item > a", "items => items.map(a => ({href: a.href, text: a.innerText}))"
    )
    return found


def settle(page: Any, selector: str) -> None:
    """Wait until the text of `selector` stops changing: results follow each key press, so the
    first results seen may be a prefix's."""
    previous = None
    for _ in range(20):
        text = page.locator(selector).first.inner_text()
        if text == previous:
            return
        previous = text
        page.wait_for_timeout(150)


def zensical_search(page: Any, query: str) -> list[dict[str, str]]:
    """Zensical's search is a dialog in a shadow root (Playwright's locators pierce it), found by
    its ARIA roles: a combobox, and a listbox of options that are the result links."""
    dialog_open = page.get_by_role("combobox", name="Search")
    if not dialog_open.is_visible():
        page.locator(".md-search__button").click()
    field = page.get_by_role("combobox", name="Search")
    field.fill("")
    field.press_sequentially(query)
    options = page.get_by_role("listbox", name="Search results").get_by_role("option")
    options.first.wait_for()
    page.wait_for_timeout(300)  # the list settles after the last key press
    found: list[dict[str, str]] = options.evaluate_all("items => items.map(a => ({href: a.href, text: a.innerText}))")
    return found


def test_search_finds_a_completed_feature_and_a_person(
    desktop: tuple[Any, Watch], site_url: str, demo_root: Path
) -> None:
    """A word of a completed feature's title finds its project page; a PTL's surname finds them in a table."""
    from generator.load.site import load_site

    site = load_site(demo_root).site
    assert site is not None
    entry = next(e for e in reversed(site.entries) if e.data.features and e.data.ptl)
    feature = entry.data.features[0]
    word = max(re.findall(r"[A-Za-z]{5,}", feature.title), key=len)
    page, watch = desktop
    goto(page, f"{site_url}/{entry.cycle}/")
    results = search(page, word)
    project_page = f"{site_url}/{entry.cycle}/projects/{entry.project}/"
    assert any(r["href"].startswith(project_page) and word.lower() in r["text"].lower() for r in results), results
    surname = entry.data.ptl.split()[-1] if entry.data.ptl else ""
    results = search(page, surname)
    assert any(surname in r["text"] for r in results), results
    watch.assert_clean("search")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_page_stays_local_and_logs_no_error(
    browser: Any, site_url: str, kinds: dict[str, str], kind: str
) -> None:
    """No request leaves 127.0.0.1 and the console stays clean, on desktop and on a phone; screenshots kept."""
    from .conftest import DESKTOP, PHONE, open_page

    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context, page, watch = open_page(browser, viewport)
        try:
            goto(page, site_url + kinds[kind])
            assert page.locator("h1").first.is_visible()
            screenshot(page, f"{kind}-{label}")
            watch.assert_clean(f"{kind} ({label}) {kinds[kind]}")
        finally:
            context.close()


def test_phone_navigation_opens_and_charts_fit(phone: tuple[Any, Watch], site_url: str, kinds: dict[str, str]) -> None:
    """At 390×844 the drawer opens onto the site's navigation and every history chart fits the screen."""
    page, watch = phone
    goto(page, site_url + kinds["history"])
    width = page.viewport_size["width"]
    page.locator('label.md-header__button[for="__drawer"]').click()
    drawer = page.locator(".md-sidebar--primary")
    back = re.compile(r"^\S.* in \S")  # the history site links back to its latest version
    drawer.get_by_role("link", name=back).first.wait_for(state="visible")
    # the drawer slides in: wait until it has arrived at the left edge
    page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    box = drawer.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    screenshot(page, "navigation-phone", full_page=False)
    charts = page.locator("svg.cr-chart")
    assert charts.count() >= 4
    for i in range(charts.count()):
        chart = charts.nth(i).bounding_box()
        assert chart is not None and chart["x"] >= 0 and chart["x"] + chart["width"] <= width, chart
        assert chart["width"] >= width * 0.8, "a chart should use the phone's width"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    watch.assert_clean("phone history")
