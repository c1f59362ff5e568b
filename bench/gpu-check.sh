#!/usr/bin/env bash
# The GPU check, from the self-contained build alone (no .NET needed): run on the lent GPU machine, under 8 minutes.
#
#     bash bench/gpu-check.sh DIR OUT        # DIR from bench/gpu-publish.sh; every log and summary.txt under OUT
#
# DEVICE (default cuda:0: the ILGPU kernels on the first NVIDIA GPU) picks the device under test. Each step runs even when
# an earlier one failed, with its own timeout, and writes OUT/<step>.log; OUT/summary.txt has each step's exit status and
# the lines that matter. The audit needs ptxas: CUDA's own (/usr/local/cuda/bin) on the GPU machine.
set -uo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: bench/gpu-check.sh DIR OUT}"
out="${2:?usage: bench/gpu-check.sh DIR OUT}"
device="${DEVICE:-cuda:0}"
grn="$dir/grn"
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"

step() {
  local name="$1" limit="$2"; shift 2
  echo "== $name: $*" >> "$summary"
  local start=$SECONDS
  timeout "$limit" "$@" > "$out/$name.log" 2>&1
  local rc=$?
  echo "   exit $rc after $((SECONDS - start)) s" >> "$summary"
  return 0
}

step machine 30 bash -c 'nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv; nproc; free -g'
step devices 60 "$grn" devices --selftest --device "$device"
grep -E "passed|auto picks|^cpu:" "$out/devices.log" | sed 's/^/   /' >> "$summary"
step gradcheck 120 "$grn" gradcheck --device "$device"
tail -1 "$out/gradcheck.log" | sed 's/^/   /' >> "$summary"
step gradcheck-fp32 90 "$grn" gradcheck --device "$device" --precision fp32
tail -1 "$out/gradcheck-fp32.log" | sed 's/^/   /' >> "$summary"
step profile 90 "$grn" profile --model sdinet --device "$device" --steps 3
head -30 "$out/profile.log" | sed 's/^/   /' >> "$summary"
step bench 120 "$grn" bench --model all --device "$device" --batch 32 --steps 5
grep -E "train samples/s|GFLOP/s" "$out/bench.log" | sed 's/^/   /' >> "$summary"
if /usr/bin/python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
  for m in rna sdinet fusion; do
    step "pytorch-$m" 60 /usr/bin/python3 bench/pytorch/step_time.py --model "$m" --device cuda --tf32 --batch 32 --steps 5
    grep -E "train samples/s" "$out/pytorch-$m.log" | sed 's/^/   PyTorch /' >> "$summary"
  done
else
  echo "== pytorch: no CUDA PyTorch on /usr/bin/python3" >> "$summary"
fi
step audit 60 "$grn" kernels audit --model all --arch 90
grep -E "launches" "$out/audit.log" | sed 's/^/   /' >> "$summary"
if [ -f "$dir/seed-rna/tf_dataset.csv" ]; then
  step train-rna 120 "$grn" train --model rna --expression "$dir/seed-rna/tf_dataset.csv" --expression "$dir/seed-rna/gene_dataset.csv" \
    --pairs "$dir/seed-rna/new_benchmark_dataset.csv" --split seed --fold 0 --epochs 2 --device "$device" --out "$out/train-rna"
  grep -E "AUROC|auroc|samples/s" "$out/train-rna.log" | tail -4 | sed 's/^/   /' >> "$summary"
else
  echo "== train-rna: no seed tables in $dir/seed-rna" >> "$summary"
fi
cat "$summary"
