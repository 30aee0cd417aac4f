import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIFakeServer, type OpenAIFakeServer } from "../testing/openai-fake-server.js";
import { describeConfig, loadLlmConfig, resolveLlmConfig } from "./config.js";
import { LLM_HELP } from "./config-help.js";
import { createChatModelFromSpec, createEmbedderFromSpec, createModelsFromConfig } from "./from-config.js";
import { formatModelSpec, parseModelSpec } from "./model-spec.js";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error("expected a failure");
}

describe("parseModelSpec", () => {
  it("reads the three providers, keeping colons in model names", () => {
    expect(parseModelSpec("openai:gpt-4o-mini")).toEqual({ provider: "openai", model: "gpt-4o-mini" });
    expect(parseModelSpec("ollama:qwen2.5:7b")).toEqual({ provider: "ollama", model: "qwen2.5:7b" });
    expect(parseModelSpec("gguf:/models/a:b.gguf")).toEqual({ provider: "gguf", path: "/models/a:b.gguf" });
    expect(formatModelSpec(parseModelSpec("ollama:qwen2.5:7b"))).toBe("ollama:qwen2.5:7b");
  });

  it("rejects unknown providers and empty models with E_CONFIG", () => {
    for (const bad of ["gpt-4o", "claude:x", "openai:", "openai: ", ""]) expect(codeOf(() => parseModelSpec(bad))).toBe("E_CONFIG");
  });
});

describe("resolveLlmConfig", () => {
  it("has defaults: no model, OpenAI's URL, Ollama on localhost, no caps", () => {
    const config = resolveLlmConfig({});
    expect(config.llm).toBeUndefined();
    expect(config.openai).toMatchObject({ baseURL: "https://api.openai.com/v1", timeoutMs: 60_000, maxRetries: 3, concurrency: 4 });
    expect(config.openai.apiKey).toBeUndefined();
    expect(config.ollama.baseURL).toBe("http://127.0.0.1:11434");
    expect(config.limits).toEqual({});
  });

  it("takes flags over environment over file", () => {
    const file = { llm: "ollama:from-file", embed: "ollama:embed-file" };
    const env = { PECAN_LLM: "openai:from-env", PECAN_EMBED: "openai:embed-env" };
    expect(resolveLlmConfig({ file }).llm).toEqual({ provider: "ollama", model: "from-file" });
    expect(resolveLlmConfig({ file, env }).llm).toEqual({ provider: "openai", model: "from-env" });
    const config = resolveLlmConfig({ file, env, flags: { llm: "openai:from-flag" } });
    expect(config.llm).toEqual({ provider: "openai", model: "from-flag" });
    expect(config.embed).toEqual({ provider: "openai", model: "embed-env" });
    expect(config.sources).toMatchObject({ llm: "flag", embed: "env" });
  });

  it("reads OPENAI_BASE_URL, OPENAI_API_KEY and OLLAMA_HOST, over the file", () => {
    const config = resolveLlmConfig({
      env: { OPENAI_BASE_URL: "http://127.0.0.1:8000", OPENAI_API_KEY: "sk-env-key-123456", OLLAMA_HOST: "0.0.0.0:9999" },
      file: { openai: { baseURL: "http://file.test/v1" }, ollama: { baseURL: "http://file.test:11434" } },
    });
    expect(config.openai.baseURL).toBe("http://127.0.0.1:8000/v1");
    expect(config.openai.apiKey).toBe("sk-env-key-123456");
    expect(config.ollama.baseURL).toBe("http://127.0.0.1:9999");
  });

  it("reads the key from the variable the file names", () => {
    const config = resolveLlmConfig({ env: { OPENAI_API_KEY: "sk-wrong", VLLM_KEY: "vllm-key-1234" }, file: { openai: { apiKeyEnv: "VLLM_KEY" } } });
    expect(config.openai.apiKey).toBe("vllm-key-1234");
  });

  it("takes timeouts, retries, concurrency and limits from the file", () => {
    const config = resolveLlmConfig({
      file: { openai: { timeoutMs: 5000, maxRetries: 0, concurrency: 2 }, gguf: { contextSize: 2048, gpu: true }, limits: { maxTokensPerCall: 900, maxTokensPerQuestion: 9000 } },
    });
    expect(config.openai).toMatchObject({ timeoutMs: 5000, maxRetries: 0, concurrency: 2 });
    expect(config.gguf).toEqual({ contextSize: 2048, gpu: true });
    expect(config.limits).toEqual({ maxTokensPerCall: 900, maxTokensPerQuestion: 9000 });
    expect(config.judge).toEqual({});
  });

  it("takes the LLM judge's schedule and threshold from the file", () => {
    const config = resolveLlmConfig({ file: { judge: { first: 0, growth: 1, threshold: 0.6 } } });
    expect(config.judge).toEqual({ first: 0, growth: 1, threshold: 0.6 });
    expect(describeConfig(config)).toContain("judge: first after 0 tokens, growth 1, threshold 0.6");
  });

  it("rejects invalid values with E_CONFIG naming the field", () => {
    const cases: [unknown, string][] = [
      [{ openai: { timeoutMs: -1 } }, "openai.timeoutMs"],
      [{ openai: { concurrency: 1.5 } }, "openai.concurrency"],
      [{ limits: { maxTokensPerCall: "lots" } }, "limits.maxTokensPerCall"],
      [{ judge: { growth: 0.5 } }, "judge.growth"],
      [{ judge: { threshold: 2 } }, "judge.threshold"],
      [{ openai: { apiKey: "sk-in-file" } }, "openai"],
      [{ openai: { baseURL: "nonsense" } }, "openai.baseURL"],
      [{ llm: "mystery:x" }, "llm"],
      [[1, 2], "(top level)"],
    ];
    for (const [file, field] of cases) {
      let error: { code?: string; message?: string } = {};
      try {
        resolveLlmConfig({ file });
      } catch (e) {
        error = e as typeof error;
      }
      expect(error.code, JSON.stringify(file)).toBe("E_CONFIG");
      expect(error.message, JSON.stringify(file)).toContain(field);
    }
    expect(codeOf(() => resolveLlmConfig({ env: { OPENAI_BASE_URL: "ftp://x" } }))).toBe("E_CONFIG");
    expect(codeOf(() => resolveLlmConfig({ flags: { llm: "nope" } }))).toBe("E_CONFIG");
  });

  it("refuses unknown fields anywhere with E_CONFIG naming their path, and allows $schema", () => {
    const cases: [unknown, string][] = [
      [{ server: { port: 8080 }, llm: "openai:m" }, "pecan.config.json: server: unknown field"],
      [{ limts: { maxTokensPerCall: 10 } }, "limts: unknown field (known here: $schema, llm"],
      [{ openai: { timeout: 10 } }, "openai.timeout: unknown field (known here: baseURL, timeoutMs"],
      [{ judge: { first: 1, grow: 2 } }, "judge.grow: unknown field"],
    ];
    for (const [file, text] of cases) {
      let error: { code?: string; message?: string } = {};
      try {
        resolveLlmConfig({ file });
      } catch (e) {
        error = e as typeof error;
      }
      expect(error.code, JSON.stringify(file)).toBe("E_CONFIG");
      expect(error.message, JSON.stringify(file)).toContain(text);
    }
    expect(codeOf(() => resolveLlmConfig({ file: { $schema: "./pecan.schema.json", llm: "openai:m" } }))).toBeUndefined();
  });
});

describe("describeConfig", () => {
  it("never prints the API key or URL credentials", () => {
    const key = "sk-very-secret-key-987654321";
    const config = resolveLlmConfig({
      env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: "https://user:hunter2@llm.example.test/v1?token=abc" },
      flags: { llm: "openai:gpt-4o-mini" },
    });
    const text = describeConfig(config);
    expect(text).not.toContain(key);
    expect(text).not.toContain("987654321");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("token=abc");
    expect(text).toContain("openai:gpt-4o-mini");
  });
});

describe("LLM_HELP", () => {
  it("names every option and variable", () => {
    for (const word of ["--llm", "--embed", "openai:", "ollama:", "gguf:", "PECAN_LLM", "PECAN_EMBED", "OPENAI_BASE_URL", "OPENAI_API_KEY", "OLLAMA_HOST", "pecan.config.json"]) {
      expect(LLM_HELP).toContain(word);
    }
  });
});

describe("loadLlmConfig", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pecan-config-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses defaults when there is no file", async () => {
    const config = await loadLlmConfig({ cwd: dir, env: {} });
    expect(config.llm).toBeUndefined();
  });

  it("reads ./pecan.config.json and resolves gguf paths from its folder", async () => {
    const sub = join(dir, "project");
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, "pecan.config.json"), JSON.stringify({ llm: "gguf:models/tiny.gguf", limits: { maxTokensPerCall: 100 } }));
    const config = await loadLlmConfig({ cwd: sub, env: {} });
    expect(config.llm).toEqual({ provider: "gguf", path: join(sub, "models/tiny.gguf") });
    expect(config.limits.maxTokensPerCall).toBe(100);
  });

  it("reads PECAN_CONFIG and fails with E_CONFIG when an explicit file is missing", async () => {
    const path = join(dir, "custom.json");
    await writeFile(path, JSON.stringify({ embed: "ollama:nomic-embed-text" }));
    expect((await loadLlmConfig({ cwd: dir, env: { PECAN_CONFIG: path } })).embed).toEqual({ provider: "ollama", model: "nomic-embed-text" });
    expect((await failure(loadLlmConfig({ cwd: dir, configPath: join(dir, "absent.json") }))).code).toBe("E_CONFIG");
  });

  it("fails with E_CONFIG on a file that is not JSON", async () => {
    const path = join(dir, "broken.json");
    await writeFile(path, "{ llm: openai:x");
    expect((await failure(loadLlmConfig({ cwd: dir, configPath: path }))).code).toBe("E_CONFIG");
  });
});

describe("models from the configuration", () => {
  let server: OpenAIFakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const noSleep = () => Promise.resolve();

  it("creates an OpenAI-compatible chat model and embedder", async () => {
    server = await startOpenAIFakeServer({ reply: () => "fine", apiKey: "sk-config-key-1234" });
    const config = resolveLlmConfig({
      env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "sk-config-key-1234" },
      flags: { llm: "openai:chat-model", embed: "openai:embed-model" },
    });
    const { chat, embedder, close } = await createModelsFromConfig(config, { sleep: noSleep });
    expect(chat?.id).toBe("openai:chat-model");
    expect((await chat?.chat({ messages: [{ role: "user", content: "hi" }] }))?.text).toBe("fine");
    expect((await embedder?.embed({ texts: ["x"] }))?.vectors).toHaveLength(1);
    expect(server.requests.map((r) => (r.body as { model: string }).model)).toEqual(["chat-model", "embed-model"]);
    await close();
  });

  it("creates an Ollama model from the configured host", async () => {
    server = await startOpenAIFakeServer({ reply: () => "llama says hi" });
    const config = resolveLlmConfig({ env: { OLLAMA_HOST: server.origin } });
    const chat = await createChatModelFromSpec("ollama:llama3.2", config, { sleep: noSleep });
    expect((await chat.chat({ messages: [{ role: "user", content: "hi" }] })).text).toBe("llama says hi");
    expect(chat.id).toBe("ollama:llama3.2");
  });

  it("fails with a provider code after the configured retries when the server does not answer", async () => {
    server = await startOpenAIFakeServer({ fault: () => ({ kind: "hang" }) });
    const config = resolveLlmConfig({ env: { OPENAI_BASE_URL: server.url }, file: { openai: { timeoutMs: 50, maxRetries: 2 } } });
    const chat = await createChatModelFromSpec("openai:x", config, { sleep: noSleep });
    const error = await failure(chat.chat({ messages: [{ role: "user", content: "hi" }] }));
    expect(error.code).toBe("E_PROVIDER");
    expect(server.requests).toHaveLength(3);
  });

  it("reports a missing GGUF file as E_CONFIG", async () => {
    const config = resolveLlmConfig({});
    expect((await failure(createChatModelFromSpec("gguf:/nonexistent/model.gguf", config))).code).toBe("E_CONFIG");
    expect((await failure(createEmbedderFromSpec("gguf:/nonexistent/model.gguf", config))).code).toBe("E_CONFIG");
  });

  it("creates nothing when nothing is configured", async () => {
    const models = await createModelsFromConfig(resolveLlmConfig({}));
    expect(models.chat).toBeUndefined();
    expect(models.embedder).toBeUndefined();
    await models.close();
  });
});
