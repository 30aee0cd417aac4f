// Talks to the Pecan server over HTTP only. Errors arrive as { error: { code, message } }.

/** An error answered by the server, with its stable code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function errorOf(response) {
  try {
    const body = await response.json();
    if (body && body.error) return new ApiError(response.status, body.error.code, body.error.message);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, "E_HTTP", `${response.status} ${response.statusText}`);
}

async function call(path, init = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...init });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

const json = (body) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export const listDocuments = () => call("documents");
export const getDocument = (id) => call(`documents/${encodeURIComponent(id)}`);
export const getGraph = (id) => call(`documents/${encodeURIComponent(id)}/graph`);
export const removeDocument = (id) => call(`documents/${encodeURIComponent(id)}`, { method: "DELETE" });
export const pasteText = (text, title) => call("documents", json(title ? { text, title } : { text }));

export function uploadFiles(files) {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  return call("documents", { method: "POST", body: form });
}

/**
 * Uploads files like {@link uploadFiles}, reporting bytes sent as `onProgress(sent, total)`
 * (fetch cannot report upload progress; XMLHttpRequest can).
 */
export function uploadFilesWithProgress(files, onProgress) {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "documents");
    xhr.withCredentials = true;
    xhr.responseType = "text";
    xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded, event.lengthComputable ? event.total : event.loaded));
    xhr.addEventListener("load", () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else if (body && body.error) reject(new ApiError(xhr.status, body.error.code, body.error.message));
      else reject(new ApiError(xhr.status, "E_HTTP", `${xhr.status} ${xhr.statusText}`));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "E_HTTP", "the upload failed (network error)")));
    xhr.send(form);
  });
}

/**
 * Asks a question as Server-Sent Events; yields { event, data } with data parsed from JSON.
 * Aborting `signal` closes the connection, which stops the walk on the server.
 */
export async function* askStream(body, signal) {
  const response = await fetch("ask/stream", { ...json(body), credentials: "same-origin", signal });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) yield { event, data: JSON.parse(data.join("\n")) };
    }
  }
}
