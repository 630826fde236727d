#!/usr/bin/env bash
# A Slurm job array that runs one Hedgehog batch (or sweep) in shards, one
# shard per array task, then merges them. Submit from the project directory:
#
#   sbatch --array=0-7 docs/cluster/slurm_array.sh              # 8 shards
#   sbatch --dependency=afterok:<jobid> --wrap \
#     'hedgehog merge output/baseline/batch-*/shard-*-of-8'      # then merge
#
# Each task sees SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and
# SLURM_ARRAY_TASK_COUNT, and `hedgehog batch` takes its shard from them (no
# --shard needed). A task that is preempted or killed and requeued resumes
# where it stopped. All tasks must run the same command with the same
# arguments; the merged result is byte-identical to a run on one machine.
#
# Settings (override with `sbatch --export=ALL,RUNS=5000,...`):
#   HEDGEHOG  the hedgehog binary (default: hedgehog on PATH)
#   SCENARIO  scenario file or built-in name (default: baseline)
#   SWEEP     a sweep file; when set, runs `hedgehog sweep` instead
#   RUNS      replications of the batch (default: 1000)
#   OUT       results directory on a shared file system (default: output)
#
#SBATCH --job-name=hedgehog
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --output=hedgehog-%A_%a.log
set -euo pipefail

HEDGEHOG=${HEDGEHOG:-hedgehog}
SCENARIO=${SCENARIO:-baseline}
RUNS=${RUNS:-1000}
OUT=${OUT:-output}
THREADS=${SLURM_CPUS_PER_TASK:-2}

if [[ -n "${SWEEP:-}" ]]; then
    exec "$HEDGEHOG" sweep "$SWEEP" --threads "$THREADS" --out "$OUT" --quiet
else
    exec "$HEDGEHOG" batch "$SCENARIO" --runs "$RUNS" --threads "$THREADS" --out "$OUT" --quiet
fi
