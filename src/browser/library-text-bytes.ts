// A library file's bytes as text: gunzipped when gzip-compressed (by magic bytes, as the Node reader decides), with
// the browser's DecompressionStream. Each byte is one character (the files are ASCII), as Node reads them (latin1).
export async function libraryText (bytes: Uint8Array): Promise<string> {
  const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
  const plain = gz ? new Uint8Array(await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()) : bytes
  let text = ''
  const CHUNK = 0x8000
  for (let i = 0; i < plain.length; i += CHUNK) text += String.fromCharCode(...plain.subarray(i, i + CHUNK))
  return text
}
