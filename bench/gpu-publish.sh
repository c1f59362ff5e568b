#!/usr/bin/env bash
# A self-contained linux-x64 build of grn for a machine with no .NET (the lent GPU machine): one compressed single
# file, at most 60 MiB, plus the seed's CSV tables (a few MB, from ../shared/data/seed-rna) for the check's training run.
#
#     bash bench/gpu-publish.sh DIR          # writes DIR/grn and DIR/seed-rna/*.csv; DIR should be git-ignored (e.g. out/gpu)
#
# Then, on the GPU machine: bash bench/gpu-check.sh DIR OUT (see there).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: bench/gpu-publish.sh DIR}"
mkdir -p "$dir"
dotnet publish src/Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
  -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -o "$dir" -nologo -v q
size=$(stat -c %s "$dir/grn")
echo "gpu-publish: $dir/grn is $((size / 1048576)) MiB"
[ "$size" -le $((60 * 1048576)) ] || { echo "gpu-publish: the build is over 60 MiB"; exit 1; }
seed=../shared/data/seed-rna
if [ -d "$seed" ]; then
  mkdir -p "$dir/seed-rna"
  cp "$seed"/tf_dataset.csv "$seed"/gene_dataset.csv "$seed"/new_benchmark_dataset.csv "$dir/seed-rna/"
  echo "gpu-publish: seed tables copied to $dir/seed-rna"
else
  echo "gpu-publish: no $seed here: the check's training run will be skipped"
fi
