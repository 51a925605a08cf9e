// Similarity math: cosine of two embeddings, and the ensemble of several models' scores.

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`embeddings of different sizes (${a.length} and ${b.length}) cannot be compared`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / (Math.sqrt(na * nb) || 1);
}

export const ENSEMBLE = 'ensemble';

/** The ensemble is the mean of the models' cosines (the paper's ViT + CNN verification pair); absent models skip. */
export function withEnsemble(scores: Record<string, number>, models: string[]): Record<string, number> {
  const present = models.map((m) => scores[m]).filter((s) => typeof s === 'number');
  const out: Record<string, number> = {};
  for (const m of models) if (typeof scores[m] === 'number') out[m] = scores[m];
  if (present.length) out[ENSEMBLE] = present.reduce((a, b) => a + b, 0) / present.length;
  return out;
}

/** Area under the ROC curve: the chance a random positive outscores a random negative (ties count half). */
export function rocAuc(scores: number[], labels: boolean[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const pos = labels.filter(Boolean).length;
  const neg = labels.length - pos;
  if (!pos || !neg) throw new Error('AUC needs both positive and negative examples');
  const rankSum = labels.reduce((s, l, i) => (l ? s + ranks[i] : s), 0);
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Spearman's rank correlation of two score lists (average ranks for ties): do two models order the pairs alike? */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ranks = (v: ArrayLike<number>) => {
    const order = Array.from(v, (x, i) => [x, i] as const).sort((x, y) => x[0] - y[0]);
    const r = new Float64Array(v.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
      for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}
