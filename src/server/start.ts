/** `startServer`: the app on a real socket (Node's http through @hono/node-server). */
import type { AddressInfo } from "node:net";
import { Server } from "node:http";
import { createAdaptorServer } from "@hono/node-server";
import { UsageError, type Engine } from "../index.js";
import { createApp, DEFAULT_SERVER, type AppOptions } from "./app.js";
import { isLoopbackHost } from "./auth.js";

/** Options of `startServer`. */
export interface ServerOptions extends Omit<AppOptions, "loopbackOnly"> {
  readonly engine: Engine;
  /** Address to bind; default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** Port; default 8080; 0 picks a free one. */
  readonly port?: number;
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port/` as a browser would open it. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, ends open connections (streams included) and resolves when closed. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts the API and page on `host:port`.
 * @example
 * const server = await startServer({ engine, port: 0 });
 * console.error(`listening on ${server.url}`);
 * await server.close();
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_SERVER.host;
  const port = options.port ?? DEFAULT_SERVER.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`the port must be 0-65535, got ${port}`);
  if (options.token !== undefined && options.token.length === 0) throw new UsageError("the token is empty");
  const { engine, host: _host, port: _port, ...appOptions } = options;
  const app = createApp(engine, { ...appOptions, loopbackOnly: isLoopbackHost(host) });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host });
  if (!(server instanceof Server)) throw new Error("expected an HTTP/1.1 server");
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new UsageError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${bound}/`,
    host,
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
