import { describe, expect, it } from "vitest";
import { keyIsOptional, requireApiKey } from "./api-key.js";
import { createOpenAICompatible } from "./openai-compatible.js";

describe("when an OpenAI-compatible server needs a key", () => {
  it("needs one for public servers and not for this machine or a private network", () => {
    for (const url of ["https://api.openai.com/v1", "https://api.groq.com/openai/v1", "http://8.8.8.8/v1", "http://[2001:db8::1]/v1"]) {
      expect(keyIsOptional(url), url).toBe(false);
    }
    for (const url of ["http://127.0.0.1:8080/v1", "http://localhost:1234", "http://[::1]:8000/v1", "http://10.1.2.3/v1", "http://192.168.1.5:8000", "http://172.20.0.2/v1", "http://vllm:8000/v1", "http://gpu-box.local/v1"]) {
      expect(keyIsOptional(url), url).toBe(true);
    }
  });

  it("fails with E_CONFIG naming the variable, before any request", () => {
    expect(() => requireApiKey("https://api.openai.com/v1", undefined, "MY_KEY")).toThrow(/MY_KEY/);
    expect(() => requireApiKey("https://api.openai.com/v1", "sk-x")).not.toThrow();
    let requests = 0;
    const fetchImpl = (() => {
      requests++;
      return Promise.reject(new Error("no network"));
    }) as typeof fetch;
    expect(() => createOpenAICompatible({ model: "gpt-4o-mini", env: {}, fetch: fetchImpl })).toThrow(
      expect.objectContaining({ code: "E_CONFIG", message: expect.stringContaining("OPENAI_API_KEY") as string }),
    );
    expect(requests).toBe(0);
    expect(() => createOpenAICompatible({ model: "m", baseURL: "http://127.0.0.1:9/v1", env: {}, fetch: fetchImpl })).not.toThrow();
  });
});
