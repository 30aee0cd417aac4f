/**
 * A driver's blob as bytes that own their memory: a plain view of the Buffer's memory when it has its memory to
 * itself (the usual case for a large blob: no copy of megabytes per question), a copy when it
 * is a slice of a shared pool (small Buffers are), so keeping it keeps nothing else alive and
 * nobody else's writes can reach it.
 */
export function ownBytes(data: Buffer): Uint8Array {
  if (data.byteOffset === 0 && data.buffer.byteLength === data.byteLength) return new Uint8Array(data.buffer, 0, data.byteLength);
  return new Uint8Array(data);
}
