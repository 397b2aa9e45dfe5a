"""chunkwrap's benchmark suite: ``python -m benchmarks [--quick] [--write-readme]``.

Every comparison runs its contenders in one process, interleaved round by
round, and keeps each contender's minimum over the rounds: this machine is
shared and noisy, and the minimum is the run least disturbed by others.
"""
