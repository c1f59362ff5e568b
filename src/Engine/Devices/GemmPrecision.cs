namespace GrnGpu.Engine.Devices;

/// <summary>
/// Arithmetic of a GPU's products (GEMMs and convolutions): Fp32 throughout, or Tf32 (inputs rounded to TF32 on tensor cores,
/// FP32 accumulation; what PyTorch uses for convolutions by default). Tf32 takes effect only where the device has TF32 tensor
/// cores (CUDA sm_80+); CPUs compute in FP32 either way.
/// </summary>
public enum GemmPrecision { Fp32, Tf32 }
