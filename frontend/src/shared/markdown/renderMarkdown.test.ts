import { renderMarkdown } from "./renderMarkdown";
import { stripMarkdown } from "./stripMarkdown";

function fragment(html: string): HTMLElement {
  const container = document.createElement("div");
  container.innerHTML = html;
  return container;
}

describe("renderMarkdown", () => {
  it("renders ordinary Markdown", () => {
    const dom = fragment(renderMarkdown("# Orders\n\nOne row per **order**.\n\n- a\n- b"));
    expect(dom.querySelector("h1")?.textContent).toBe("Orders");
    expect(dom.querySelector("strong")?.textContent).toBe("order");
    expect(dom.querySelectorAll("li")).toHaveLength(2);
  });

  it("drops <script> elements and event handlers from raw HTML", () => {
    const dom = fragment(
      renderMarkdown('Hello <script>alert("x")</script><img src="x" onerror="alert(1)"> <b onclick="evil()">bold</b>'),
    );
    expect(dom.querySelector("script")).toBeNull();
    expect(dom.innerHTML).not.toContain("alert");
    expect(dom.querySelector("img")?.hasAttribute("onerror")).toBe(false);
    expect(dom.querySelector("b")?.hasAttribute("onclick")).toBe(false);
  });

  it("makes javascript: links inert, in Markdown and in raw HTML", () => {
    const dom = fragment(
      renderMarkdown(
        '[click me](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">raw</a> <a href="jav&#x09;ascript:alert(3)">encoded</a>',
      ),
    );
    const links = [...dom.querySelectorAll("a")];
    for (const link of links) {
      expect(link.getAttribute("href") ?? "").not.toMatch(/script/i);
    }
    expect(dom.innerHTML).not.toMatch(/javascript:/i);
  });

  it("keeps safe links and opens external ones in a new tab without an opener", () => {
    const dom = fragment(renderMarkdown("[wiki](https://wiki.example.com/orders) and [local](/datasets/3)"));
    const [external, local] = [...dom.querySelectorAll("a")];
    expect(external?.getAttribute("href")).toBe("https://wiki.example.com/orders");
    expect(external?.getAttribute("target")).toBe("_blank");
    expect(external?.getAttribute("rel")).toContain("noopener");
    expect(local?.getAttribute("href")).toBe("/datasets/3");
    expect(local?.hasAttribute("target")).toBe(false);
  });

  it("drops data: and vbscript: links, iframes, forms and inline styles", () => {
    const dom = fragment(
      renderMarkdown(
        '[d](data:text/html;base64,PHNjcmlwdD4=) <a href="vbscript:x">v</a> <iframe src="https://x"></iframe><form><input></form><p style="color:red">p</p>',
      ),
    );
    expect(dom.querySelectorAll("a[href]")).toHaveLength(0);
    expect(dom.querySelector("iframe, form, input")).toBeNull();
    expect(dom.querySelector("[style]")).toBeNull();
  });
});

describe("stripMarkdown", () => {
  it("turns Markdown into one line of text without markup", () => {
    expect(stripMarkdown("## Orders\n\nOne row per **order**, see [docs](https://x).\n<script>x</script>")).toBe(
      "Orders One row per order, see docs. x",
    );
  });
});
