/** Runs `fn` with process.stderr captured; returns its result and what it wrote. */
export async function captureStderr<T>(fn: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    chunks.push(String(s));
    return true;
  });
  try {
    return { result: await fn(), stderr: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}
