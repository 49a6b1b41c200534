/**
 * Compressed sparse rows over typed arrays. Rows are users or tracks; the arrays are
 * allocated on SharedArrayBuffers so worker threads read them without copying.
 */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
}

export const sharedInt32 = (n: number) => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4));
export const sharedFloat32 = (n: number) => new Float32Array(new SharedArrayBuffer(Math.max(1, n) * 4));
export const sharedUint8 = (n: number) => new Uint8Array(new SharedArrayBuffer(Math.max(1, n)));

/** Appends rows in order; arrays grow by doubling and are trimmed into shared memory at the end. */
export class CsrBuilder {
  private indptr: number[] = [0];
  private indices = new Int32Array(1024);
  private data = new Float32Array(1024);
  private nnz = 0;

  constructor(private readonly cols: number) {}

  get rowCount(): number {
    return this.indptr.length - 1;
  }

  /** One row; columns need not be sorted or unique (duplicates are summed). */
  addRow(cols: ArrayLike<number>, values: ArrayLike<number>, length = cols.length): void {
    if (this.nnz + length > this.indices.length) {
      let size = this.indices.length;
      while (size < this.nnz + length) size *= 2;
      const i = new Int32Array(size);
      i.set(this.indices.subarray(0, this.nnz));
      const d = new Float32Array(size);
      d.set(this.data.subarray(0, this.nnz));
      this.indices = i;
      this.data = d;
    }
    const start = this.nnz;
    for (let k = 0; k < length; k++) {
      this.indices[this.nnz] = cols[k]!;
      this.data[this.nnz] = values[k]!;
      this.nnz++;
    }
    sortRow(this.indices, this.data, start, this.nnz);
    this.nnz = start + dedupeRow(this.indices, this.data, start, this.nnz);
    this.indptr.push(this.nnz);
  }

  addEmptyRows(count: number): void {
    for (let k = 0; k < count; k++) this.indptr.push(this.nnz);
  }

  build(): Csr {
    const indptr = sharedInt32(this.indptr.length);
    indptr.set(this.indptr);
    const indices = sharedInt32(this.nnz);
    indices.set(this.indices.subarray(0, this.nnz));
    const data = sharedFloat32(this.nnz);
    data.set(this.data.subarray(0, this.nnz));
    return { rows: this.indptr.length - 1, cols: this.cols, indptr, indices, data };
  }
}

function sortRow(idx: Int32Array, val: Float32Array, a: number, b: number): void {
  // rows are short; insertion sort is fine below a few dozen, otherwise sort a permutation
  if (b - a < 32) {
    for (let i = a + 1; i < b; i++) {
      const ki = idx[i]!;
      const kv = val[i]!;
      let j = i - 1;
      while (j >= a && idx[j]! > ki) {
        idx[j + 1] = idx[j]!;
        val[j + 1] = val[j]!;
        j--;
      }
      idx[j + 1] = ki;
      val[j + 1] = kv;
    }
    return;
  }
  const order = Array.from({ length: b - a }, (_, k) => a + k).sort((x, y) => idx[x]! - idx[y]!);
  const i2 = order.map((k) => idx[k]!);
  const v2 = order.map((k) => val[k]!);
  idx.set(i2, a);
  val.set(v2, a);
}

function dedupeRow(idx: Int32Array, val: Float32Array, a: number, b: number): number {
  if (b === a) return 0;
  let w = a;
  for (let r = a + 1; r < b; r++) {
    if (idx[r] === idx[w]) val[w] = val[w]! + val[r]!;
    else {
      w++;
      idx[w] = idx[r]!;
      val[w] = val[r]!;
    }
  }
  return w - a + 1;
}

export function transpose(m: Csr): Csr {
  const nnz = m.indptr[m.rows]!;
  const indptr = sharedInt32(m.cols + 1);
  for (let k = 0; k < nnz; k++) indptr[m.indices[k]! + 1]!++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1] = indptr[c + 1]! + indptr[c]!;
  const fill = Int32Array.from(indptr.subarray(0, m.cols));
  const indices = sharedInt32(nnz);
  const data = sharedFloat32(nnz);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) {
      const c = m.indices[k]!;
      const at = fill[c]!++;
      indices[at] = r;
      data[at] = m.data[k]!;
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, data };
}

/** Keeps each row's `cap` largest values (all of a row shorter than that). */
export function capRows(m: Csr, cap: number): Csr {
  const b = new CsrBuilder(m.cols);
  for (let r = 0; r < m.rows; r++) {
    const a = m.indptr[r]!;
    const e = m.indptr[r + 1]!;
    if (e - a <= cap) {
      b.addRow(m.indices.subarray(a, e), m.data.subarray(a, e));
      continue;
    }
    const order = Array.from({ length: e - a }, (_, k) => a + k).sort((x, y) => m.data[y]! - m.data[x]!).slice(0, cap);
    b.addRow(order.map((k) => m.indices[k]!), order.map((k) => m.data[k]!));
  }
  return b.build();
}

export function rowNorms(m: Csr): Float32Array {
  const out = sharedFloat32(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) s += m.data[k]! * m.data[k]!;
    out[r] = Math.sqrt(s);
  }
  return out;
}
