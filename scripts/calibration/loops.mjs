// Loop bodies of everyday code, for `npm run calibrate`: each is timed for real and counted by
// the analyser (its `operations` at the size `calibrationSizes` passes). The median time per
// counted operation of the PLAIN samples becomes the `js.op` primitive of the cost model; the
// others check how the model prices allocations and opaque calls. Not product code: a sample.

export function sumSquares(n) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += i * i;
  }
  return total;
}

export function tableLookups(n) {
  const table = Array.from({ length: 1024 }, (_, k) => (k * 7919) % 1024);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += table[i & 1023] ^ (i >>> 3);
  }
  return total;
}

export function monteCarloPi(n) {
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.random();
    const y = Math.random();
    if (x * x + y * y <= 1) inside++;
  }
  return (4 * inside) / n;
}

export function buildRecords(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push({ id: i, score: i * 2, label: 'row' });
  }
  return rows.length;
}

export function countKeys(n) {
  const counts = {};
  for (let i = 0; i < n; i++) {
    const key = 'k' + (i % 100);
    counts[key] = (counts[key] || 0) + 1;
  }
  return counts.k0;
}

export function appendChars(n) {
  let text = '';
  for (let i = 0; i < n; i++) {
    text += String.fromCharCode(97 + (i % 26));
  }
  return text.length;
}

function affine(x) {
  return x * 3 + 1;
}

export function callHelper(n) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += affine(i);
  }
  return total;
}

export function fnvHash(n) {
  let hash = 2166136261;
  for (let i = 0; i < n; i++) {
    hash ^= i & 255;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

export function nestedGrid(n) {
  let total = 0;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < 1000; col++) {
      total += (row * col) % 7;
    }
  }
  return total;
}

export function mapFilter(n) {
  return Array.from({ length: n }, (_, i) => i)
    .map((value) => value * 2)
    .filter((value) => value % 3 === 0).length;
}

/** The sizes the analyser sees (and the calibration runs): one million iterations each. */
export function calibrationSizes() {
  sumSquares(1_000_000);
  tableLookups(1_000_000);
  monteCarloPi(1_000_000);
  buildRecords(1_000_000);
  countKeys(1_000_000);
  appendChars(1_000_000);
  callHelper(1_000_000);
  fnvHash(1_000_000);
  nestedGrid(1_000);
  mapFilter(1_000_000);
}

/** The samples without allocations or opaque calls: what `js.op` is the median of. */
export const PLAIN = ['sumSquares', 'tableLookups', 'callHelper', 'nestedGrid'];

export const SIZES = {
  sumSquares: 1_000_000, tableLookups: 1_000_000, monteCarloPi: 1_000_000, buildRecords: 1_000_000, countKeys: 1_000_000,
  appendChars: 1_000_000, callHelper: 1_000_000, fnvHash: 1_000_000, nestedGrid: 1_000, mapFilter: 1_000_000,
};
