#!/usr/bin/env bash
# First contact with an NVIDIA GPU (issue 11), as one prepared run. Not run by CI; run it on a machine with a GPU:
#
#     OUT=/some/folder bash bench/gpu-bringup.sh        # logs under $OUT (default: ./gpu-bringup-out)
#
# Every step runs even when an earlier one fails, with its own timeout, and writes $OUT/<step>.log; $OUT/summary.txt
# lists each step's exit status and the lines that matter (test counts, audit lines, GFLOP/s, step times, the
# PyTorch anchor). Order: what proves the path correct first (tests, self-test and gradient checks under GRN_SYNC,
# so a kernel fault names its kernel), then speed (kernel benches, model steps, PyTorch with CUDA side by side).
# Targets (issue 11): all tests green; model steps at batch 32 at least as fast as PyTorch eager (cuDNN, TF32).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-$PWD/gpu-bringup-out}"
mkdir -p "$OUT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
summary="$OUT/summary.txt"
: > "$summary"
GRN="dotnet src/Cli/bin/Release/net10.0/grn.dll"
ANCHOR="../shared/anchors/pytorch/step_time.py"
MODELS=(rna sdinet fusion)

# step NAME TIMEOUT_S COMMAND...: runs it, logs it, records its status.
step() {
  local name="$1" limit="$2"; shift 2
  echo "== $name: $*" | tee -a "$summary"
  local start=$SECONDS
  timeout "$limit" "$@" > "$OUT/$name.log" 2>&1
  local rc=$?
  echo "   exit $rc after $((SECONDS - start)) s (log: $name.log)" | tee -a "$summary"
  return 0
}

# The facts the logs will be read against.
step machine 60 bash -c 'nvidia-smi; nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv; nproc; free -g; dotnet --info | head -20'
step build 900 dotnet build GrnGpu.sln -c Release
step devices 120 $GRN devices --verbose

# 1. Correctness. Every CUDA skip becomes a failure; GRN_SYNC names a faulting kernel at its own launch.
step tests 3000 env GRN_REQUIRE_CUDA=1 GRN_REQUIRE_NVRTC=1 GRN_REQUIRE_OPENCL=1 GRN_SYNC=1 dotnet test GrnGpu.sln -c Release --no-build
grep -E '(Passed|Failed)!? +- +Failed' "$OUT/tests.log" | tail -1 | sed 's/^/   /' >> "$summary"
grep -E '\[FAIL\]' "$OUT/tests.log" | head -20 | sed 's/^/   /' >> "$summary"
step selftest 600 $GRN devices --selftest --device cuda --sync --verbose
step check-sync 1800 $GRN check --device cuda --sync --verbose
step check 1800 $GRN check --device cuda
tail -1 "$OUT/check.log" | sed 's/^/   /' >> "$summary"
# The audit against this GPU's own architecture (the launch geometry is the simulated H100's).
arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d '.')
step audit 600 $GRN kernels audit --model all --arch "${arch:-90}"
grep -E '^[a-z]+: ' "$OUT/audit.log" | sed 's/^/   /' >> "$summary"

# 2. Speed. Kernels first: each GEMM variant, then the 3x3 convolution in both precisions.
for variant in Tiled Large Tf32 Auto; do
  step "bench-gemm-$variant" 600 $GRN bench gemm --device cuda --size 4096 --variant "$variant" --repeat 20
  grep -iE 'gflop' "$OUT/bench-gemm-$variant.log" | sed 's/^/   /' >> "$summary"
done
for precision in fp32 tf32; do
  step "bench-conv-$precision" 600 $GRN bench conv --device cuda --precision "$precision" --batch 32 --channels 64 --height 32 --width 80 --repeat 20
  grep -iE 'gflop' "$OUT/bench-conv-$precision.log" | sed 's/^/   /' >> "$summary"
done
# Whole training steps at batch 32 (TF32 default), then per op kind.
for model in "${MODELS[@]}"; do
  step "model-time-$model" 900 $GRN model time "$model" --device cuda --batch 32 --repeats 20
  tail -5 "$OUT/model-time-$model.log" | sed 's/^/   /' >> "$summary"
  step "model-profile-$model" 900 $GRN model time "$model" --device cuda --batch 32 --repeats 5 --profile
done
# The PyTorch anchor with CUDA on the same machine (cuDNN autotuning, TF32), median of 50 steps.
if [ -f "$ANCHOR" ]; then
  for model in "${MODELS[@]}"; do
    step "pytorch-$model" 900 bash -c "cd $(dirname "$ANCHOR") && python3 step_time.py $model 1 50 cuda"
    tail -1 "$OUT/pytorch-$model.log" | sed 's/^/   /' >> "$summary"
  done
else
  echo "== pytorch: $ANCHOR not found; side-by-side skipped" | tee -a "$summary"
fi
echo "logs in $OUT; summary:"
cat "$summary"
