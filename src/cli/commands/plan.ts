// `clip-curator plan`: what a cluster engine needs to run one headless stage as N shard tasks and merge the parts.
// Slurm: an sbatch array script (one task per shard, SLURM_ARRAY_TASK_ID, requeue on preemption or node failure,
// retries inside the task), a merge script and submit.sh, which starts the merge only after every task succeeded
// (afterok). Kubernetes: an Indexed Job (JOB_COMPLETION_INDEX, a shared volume, a retry budget per index) and a
// merge Job, with run.sh that waits for the first before it applies the second. No scheduler of our own.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { APP_VERSION } from '../../core/version.ts';
import { parse, usageError, type Io } from '../common.ts';
import { MAX_SHARDS } from '../shard.ts';

export const PLAN_STAGES = ['score', 'negatives', 'caption', 'repair', 'generate', 'export', 'dedup'] as const;
export const PLAN_ENGINES = ['slurm', 'kubernetes'] as const;

export interface PlanOptions {
  engine: (typeof PLAN_ENGINES)[number];
  stage: (typeof PLAN_STAGES)[number];
  shards: number;
  inputs: string[];
  out: string;
  merged: string;
  /** The stage's own options, passed to every task as they are (after `--`). */
  stageArgs: string[];
  /** How a task runs the CLI: a command line (slurm) or the image's entry (kubernetes). */
  cli: string;
  cpus: number;
  mem: string;
  time?: string;
  partition?: string;
  parallel?: number;
  retries: number;
  workdir: string;
  logs: string;
  image: string;
  claim?: string;
  mount: string;
  namespace?: string;
}

/** A word for bash: bare when it is safe, else single-quoted. */
export const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const words = (list: string[]) => list.map(shellWord).join(' ');

/** The stage's command line for one task; `index` is the shell's expression for the task's index. */
function taskCommand(o: PlanOptions, index: string, threads?: string): string {
  const extra = o.stage === 'score' && threads && !o.stageArgs.includes('--threads') ? ` --threads ${threads}` : '';
  const stageArgs = o.stageArgs.length ? ` ${words(o.stageArgs)}` : '';
  return `${o.cli} ${o.stage} ${words(o.inputs)} --shard "${index}/${o.shards}" --out ${shellWord(o.out)}${extra}${stageArgs}`;
}

const name = (o: PlanOptions) => `clip-curator-${o.stage}`;

export function slurmFiles(o: PlanOptions): Record<string, string> {
  const head = (job: string, extra: string[]) =>
    [
      '#!/bin/bash',
      `# clip-curator ${APP_VERSION} plan: ${o.stage} over ${o.shards} shards, then merge. Submit with: bash submit.sh`,
      `#SBATCH --job-name=${job}`,
      ...extra,
      `#SBATCH --cpus-per-task=${o.cpus}`,
      `#SBATCH --mem=${o.mem}`,
      ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
      ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ].join('\n');
  const array = `${head(name(o), [
    `#SBATCH --array=0-${o.shards - 1}${o.parallel ? `%${o.parallel}` : ''}`,
    // Preempted or on a failed node: back in the queue. A part already complete makes the task a no-op.
    '#SBATCH --requeue',
    '#SBATCH --open-mode=append',
    `#SBATCH --output=${o.logs}/${o.stage}-%A_%a.log`,
  ])}
set -uo pipefail
cd ${shellWord(o.workdir)}
# The task's shard is its array index. A failed run (not bad usage: exit 1) is tried again, ${o.retries} more times.
for attempt in $(seq 0 ${o.retries}); do
  ${taskCommand(o, '${SLURM_ARRAY_TASK_ID}', '"${SLURM_CPUS_PER_TASK:-1}"')} && exit 0
  code=$?
  [ "$code" -eq 1 ] && exit 1
  echo "clip-curator: shard \${SLURM_ARRAY_TASK_ID} attempt $attempt failed (exit $code)" >&2
  sleep $((10 * (attempt + 1)))
done
exit "$code"
`;
  const merge = `${head(`${name(o)}-merge`, [`#SBATCH --output=${o.logs}/${o.stage}-merge-%j.log`])}
set -euo pipefail
cd ${shellWord(o.workdir)}
exec ${o.cli} merge ${shellWord(o.out)} --out ${shellWord(o.merged)}
`;
  const submit = `#!/bin/bash
# Submits the ${o.shards}-task array, then the merge, which Slurm starts only when every task has succeeded.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p ${shellWord(o.logs)}
array=$(sbatch --parsable ${o.stage}.sbatch)
array=\${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:$array merge.sbatch)
echo "array job $array (${o.shards} tasks): squeue -j $array; merge job \${merge%%;*} runs after it"
`;
  return { [`${o.stage}.sbatch`]: array, 'merge.sbatch': merge, 'submit.sh': submit };
}

function container(o: PlanOptions, script: string) {
  return {
    name: 'clip-curator',
    image: o.image,
    command: ['/bin/sh', '-c'],
    args: [script],
    workingDir: o.workdir,
    resources: { requests: { cpu: String(o.cpus), memory: o.mem }, limits: { memory: o.mem } },
    ...(o.claim ? { volumeMounts: [{ name: 'data', mountPath: o.mount }] } : {}),
  };
}

const volumes = (o: PlanOptions) => (o.claim ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: o.claim } }] } : {});

export function kubernetesJobs(o: PlanOptions): { job: Record<string, unknown>; merge: Record<string, unknown> } {
  const metadata = (n: string) => ({ name: n, ...(o.namespace ? { namespace: o.namespace } : {}), labels: { app: 'clip-curator', stage: o.stage } });
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(name(o)),
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.parallel ?? o.shards,
      // Each index may fail this often before the Job gives it up (Kubernetes 1.29 and later).
      backoffLimitPerIndex: o.retries,
      template: {
        metadata: { labels: { app: 'clip-curator', stage: o.stage } },
        spec: {
          restartPolicy: 'Never',
          containers: [container(o, `exec ${taskCommand(o, '${JOB_COMPLETION_INDEX}', String(o.cpus))}`)],
          ...volumes(o),
        },
      },
    },
  };
  const merge = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(`${name(o)}-merge`),
    spec: {
      completions: 1,
      backoffLimit: o.retries,
      template: {
        metadata: { labels: { app: 'clip-curator', stage: `${o.stage}-merge` } },
        spec: { restartPolicy: 'Never', containers: [container(o, `exec ${o.cli} merge ${shellWord(o.out)} --out ${shellWord(o.merged)}`)], ...volumes(o) },
      },
    },
  };
  return { job, merge };
}

export function kubernetesFiles(o: PlanOptions): Record<string, string> {
  const { job, merge } = kubernetesJobs(o);
  const ns = o.namespace ? ` -n ${shellWord(o.namespace)}` : '';
  const run = `#!/bin/bash
# Runs the ${o.shards}-index Job, waits until it completes, then runs the merge Job.
set -euo pipefail
cd "$(dirname "$0")"
kubectl${ns} apply -f ${o.stage}-job.yaml
kubectl${ns} wait --for=condition=complete --timeout=-1s job/${name(o)}
kubectl${ns} apply -f merge-job.yaml
kubectl${ns} wait --for=condition=complete --timeout=-1s job/${name(o)}-merge
`;
  return { [`${o.stage}-job.yaml`]: stringify(job, { lineWidth: 0 }), 'merge-job.yaml': stringify(merge, { lineWidth: 0 }), 'run.sh': run };
}

/** The CLI as this process runs it (node and the bin script), for tasks on machines that share this checkout. */
function thisCli(): string {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/clip-curator.js');
  return `${shellWord(process.execPath)} ${shellWord(bin)}`;
}

export async function runPlan(args: string[], io: Io): Promise<number> {
  const cut = args.indexOf('--');
  const stageArgs = cut >= 0 ? args.slice(cut + 1) : [];
  const { positionals: inputs, values } = parse(cut >= 0 ? args.slice(0, cut) : args, {
    engine: { type: 'string' },
    stage: { type: 'string' },
    shards: { type: 'string' },
    out: { type: 'string' },
    merged: { type: 'string' },
    to: { type: 'string' },
    cli: { type: 'string' },
    cpus: { type: 'string' },
    mem: { type: 'string' },
    time: { type: 'string' },
    partition: { type: 'string' },
    parallel: { type: 'string' },
    retries: { type: 'string' },
    workdir: { type: 'string' },
    image: { type: 'string' },
    claim: { type: 'string' },
    mount: { type: 'string' },
    namespace: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const engine = values.engine as PlanOptions['engine'];
  if (!PLAN_ENGINES.includes(engine)) throw usageError(`--engine must be ${PLAN_ENGINES.join(' or ')}`);
  const stage = values.stage as PlanOptions['stage'];
  if (!PLAN_STAGES.includes(stage)) throw usageError(`--stage must be one of ${PLAN_STAGES.join(', ')}`);
  const whole = (v: string | undefined, what: string, fallback: number, min = 1, max = MAX_SHARDS) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${what} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const shards = whole(values.shards, '--shards', Number.NaN);
  if (stage === 'export' && stageArgs.join(' ').match(/--format(=|\s+)webdataset\b/) === null)
    throw usageError('plan --stage export writes WebDataset tar shards: pass -- --format webdataset (and the export options)');
  if (!inputs.length) throw usageError('plan needs the input paths the tasks read (as the tasks see them)');
  if (!values.out) throw usageError('plan needs --out DIR: where the tasks write their parts');
  const isK8s = engine === 'kubernetes';
  const workdir = values.workdir ?? (isK8s ? (values.mount ?? '/data') : process.cwd());
  const options: PlanOptions = {
    engine,
    stage,
    shards,
    inputs,
    out: values.out,
    merged: values.merged ?? `${values.out.replace(/\/+$/, '')}.merged`,
    stageArgs,
    cli: values.cli ?? (isK8s ? 'clip-curator' : thisCli()),
    cpus: whole(values.cpus, '--cpus', 2, 1, 1024),
    mem: values.mem ?? (isK8s ? '4Gi' : '4G'),
    time: values.time,
    partition: values.partition,
    parallel: values.parallel === undefined ? undefined : whole(values.parallel, '--parallel', 1),
    retries: whole(values.retries, '--retries', 2, 0, 100),
    workdir,
    logs: '',
    image: values.image ?? 'clip-curator:latest',
    claim: values.claim,
    mount: values.mount ?? '/data',
    namespace: values.namespace,
  };
  const to = path.resolve(values.to ?? `${values.out.replace(/\/+$/, '')}.plan`);
  options.logs = path.join(to, 'logs');
  const files = isK8s ? kubernetesFiles(options) : slurmFiles(options);
  const existing = await fs.readdir(to).catch(() => [] as string[]);
  if (existing.some((f) => f in files) && !values.force) throw usageError(`${to} already holds a plan — choose another --to or pass --force`);
  await fs.mkdir(to, { recursive: true });
  for (const [file, text] of Object.entries(files)) await fs.writeFile(path.join(to, file), text, { mode: file.endsWith('.sh') ? 0o755 : 0o644 });
  const start = isK8s ? `bash ${path.join(to, 'run.sh')}` : `bash ${path.join(to, 'submit.sh')}`;
  io.out(
    values.json
      ? JSON.stringify({ command: 'plan', engine, stage, shards, files: Object.keys(files).map((f) => path.join(to, f)), start, merged: options.merged })
      : `plan: ${Object.keys(files).join(', ')} in ${to}\nstart with: ${start}\nthe merged dataset will be ${options.merged}`,
  );
  return 0;
}
