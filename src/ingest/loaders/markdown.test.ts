import { describe, expect, it } from "vitest";
import { markdownTitle, parseMarkdown } from "./markdown.js";

describe("markdown", () => {
  it("keeps the text verbatim", () => {
    const source = "Intro line\n\n# Main Title #\n\n* item\n\n```\ncode\n```\n";
    expect(parseMarkdown(new TextEncoder().encode(source), "a.md")).toEqual({ text: source, title: "Main Title" });
  });

  it("prefers a front-matter title", () => {
    expect(markdownTitle('---\nauthor: x\ntitle: "Front Title"\n---\n# Heading\n')).toBe("Front Title");
    expect(markdownTitle("---\ntitle: Plain\n...\nbody")).toBe("Plain");
  });

  it("has no title without a level-1 heading", () => {
    expect(markdownTitle("## Only a subheading\ntext")).toBeUndefined();
    expect(markdownTitle("#hashtag is not a heading")).toBeUndefined();
  });
});
