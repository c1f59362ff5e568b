using System.Runtime.Intrinsics;

namespace GrnGpu.Kernels.Cpu;

// Operators that own their streams (pointers set up by the kernel) and work at an index: for kernels with more inputs
// or outputs than the element-wise drivers' shapes (Adam's four streams, batch norm's fused epilogues, max pooling's
// window rows) and for sums. One method per width, as the element-wise operators; Streams runs them.

/// <summary>Computes and stores the results of element i (and the next 3, 7 or 15 for the vector forms).</summary>
public interface IStreamOperator
{
    void Invoke(int i);
    void Invoke128(int i);
    void Invoke256(int i);
    void Invoke512(int i);
}

/// <summary>
/// The terms that element i (and the next 3, 7 or 15) adds to two sums kept in double: the vector forms widen their
/// floats and return each sum's terms as one vector of doubles (the two halves added).
/// </summary>
public interface ISumOperator
{
    (double, double) Invoke(int i);
    (Vector128<double>, Vector128<double>) Invoke128(int i);
    (Vector256<double>, Vector256<double>) Invoke256(int i);
    (Vector512<double>, Vector512<double>) Invoke512(int i);
}
