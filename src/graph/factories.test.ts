import { describe, expect, it } from "vitest";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { createSummarizer, createWeigher } from "./factories.js";
import { TestAttentionModel } from "../testing/test-attention-model.js";

describe("factories", () => {
  it("make summarizers and weighers by name, with their ids", () => {
    expect(createSummarizer("lexrank").id).toBe("lexrank");
    expect(createSummarizer("llm", { model: new ScriptedChatModel([], { id: "openai:x" }) }).id).toBe("llm:openai:x");
    expect(createWeigher("alignment").id).toBe("alignment");
    expect(createWeigher("attribution").id).toBe("attribution");
    expect(createWeigher("attention", { attentionModel: new TestAttentionModel() }).id).toBe("attention:test");
  });

  it("refuse unknown names and missing models with E_CONFIG", () => {
    expect(() => createSummarizer("textrank")).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(() => createSummarizer("llm")).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(() => createWeigher("cosine")).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(() => createWeigher("attention")).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
  });
});
