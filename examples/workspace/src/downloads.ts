import { writeFile } from 'node:fs/promises';

export async function download(url: string, filename: string): Promise<number> {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  await writeFile(filename, body);
  return body.length;
}

export async function downloadAll(files: Array<{ url: string; filename: string }>): Promise<number[]> {
  const sizes: number[] = [];
  for (const file of files) {
    sizes.push(await download(file.url, file.filename));
  }
  return sizes;
}
