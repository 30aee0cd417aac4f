/**
 * Whether an OpenAI-compatible server needs an API key, so a missing one is said before any
 * request (instead of retries against a server that can only refuse). A key is optional for a
 * server on this machine or a private network (a local llama.cpp server, vLLM, LM Studio: they
 * usually take none); every other server, api.openai.com first, needs one. A server that needs
 * no key though it is public takes any value, e.g. OPENAI_API_KEY=none.
 */
import { UsageError } from "../core/errors.js";

/** Host names that are this machine or a private network by name. */
const LOCAL_NAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal|.*\.lan|host\.docker\.internal|[a-z0-9-]+)$/i;

/** IPv4 loopback, private (RFC 1918), link-local and CGNAT ranges; IPv6 loopback, unique-local and link-local. */
function isPrivateAddress(host: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const v6 = host.replace(/^\[|\]$/g, "").toLowerCase();
  return v6 === "::1" || /^f[cd][0-9a-f]{2}:/.test(v6) || /^fe[89ab][0-9a-f]:/.test(v6);
}

/**
 * True when a server at `baseURL` may be used without a key (it is local or private).
 * @example keyIsOptional("http://127.0.0.1:8080/v1") // true
 * @example keyIsOptional("https://api.openai.com/v1") // false
 */
export function keyIsOptional(baseURL: string): boolean {
  let host: string;
  try {
    host = new URL(baseURL).hostname;
  } catch {
    return false;
  }
  return isPrivateAddress(host) || (!host.includes(":") && LOCAL_NAMES.test(host) && !/^\d+$/.test(host));
}

/**
 * Throws E_CONFIG naming the variable when a key is needed and missing.
 * @example requireApiKey("https://api.openai.com/v1", undefined, "OPENAI_API_KEY") // throws E_CONFIG
 */
export function requireApiKey(baseURL: string, apiKey: string | undefined, apiKeyEnv = "OPENAI_API_KEY"): void {
  if (apiKey !== undefined || keyIsOptional(baseURL)) return;
  throw new UsageError(
    `no API key for ${new URL(baseURL).host}: set ${apiKeyEnv} (a server on this machine or a private network needs none; ` +
      `for another server that takes no key, set ${apiKeyEnv}=none)`,
    { code: "E_CONFIG" },
  );
}
