"""OpenBLAS settings for train.py and claim.py, made before torch is imported: OpenBLAS reads them once, as it loads."""
import os


def cpu_flags():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('flags'):
                    return set(line.split(':', 1)[1].split())
    except OSError:
        pass
    return set()


def configure():
    """Returns the thread count (TRAIN_THREADS, default 2).

    - OpenBLAS (libopenblas0-pthread) keeps its own pool of threads, one per core, which torch.set_num_threads does
      not shrink: with two towers side by side on 2 cores, each tower's idle BLAS thread spun at 12-21% of a core (a
      third of it in the kernel) and slowed both. OPENBLAS_NUM_THREADS sets the pool's size.
    - On a CPU with AVX-512 BF16 (Cooper Lake, Sapphire Rapids), Debian's OpenBLAS 0.3.21 picks its Cooperlake
      kernels, and they ran this training 3x slower than its SkylakeX kernels, which such a CPU runs as well (21 ViT
      steps on one thread: 68 s against 21 s, the same losses; a 1024x1024 product: 81-89 against 106-119 GFLOP/s;
      2026-11-30, on an Emerald Rapids machine: family 6, model 207). OPENBLAS_CORETYPE=SkylakeX unless it is
      already set.
    """
    threads = os.environ.get('TRAIN_THREADS', '2')
    os.environ.setdefault('OPENBLAS_NUM_THREADS', threads)
    if 'OPENBLAS_CORETYPE' not in os.environ and 'avx512_bf16' in cpu_flags():
        os.environ['OPENBLAS_CORETYPE'] = 'SkylakeX'
    return int(threads)
