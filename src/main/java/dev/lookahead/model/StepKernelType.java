package dev.lookahead.model;

import java.util.Optional;

/**
 * Which {@link StepKernel} a deployment runs: the choice is explicit (configuration key
 * {@code detector.step-kernel}) and never silently changed, so every process of a deployment, and every replay,
 * computes the same bytes.
 */
public enum StepKernelType {

    /** Plain Java loops; runs on any JVM. The default: the outputs every test and stored replay were made with. */
    SCALAR,

    /**
     * The JDK's Vector API (incubator module {@code jdk.incubator.vector}): about 4x faster per step; outputs agree
     * with {@link #SCALAR} to ~1e-7 (the exponential is a polynomial in float, not {@code Math.exp} in double).
     * Needs {@code --add-modules jdk.incubator.vector} on every JVM that runs the detector.
     */
    VECTOR;

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Whether this JVM has the Vector API module in its boot layer (it is not resolved unless added). */
    public static boolean vectorAvailable() {
        Optional<Module> m = ModuleLayer.boot().findModule(VECTOR_MODULE);
        return m.isPresent();
    }

    /**
     * A new kernel of this type over {@code weights}.
     *
     * @throws IllegalStateException for {@link #VECTOR} on a JVM without the module: a deployment that asked for
     *                               the vector kernel must not run the scalar one (its replays would differ)
     */
    public StepKernel create(LstmWeights weights) {
        if (this == SCALAR) return new LstmStepper(weights);
        if (!vectorAvailable())
            throw new IllegalStateException("detector.step-kernel VECTOR needs the JDK module " + VECTOR_MODULE
                    + ", which this JVM does not have: start it with --add-modules " + VECTOR_MODULE
                    + " (e.g. JDK_JAVA_OPTIONS=--add-modules=" + VECTOR_MODULE + "), or set detector.step-kernel: SCALAR");
        // loaded by name only here, so a JVM without the module never links the class
        try {
            Class<?> k = Class.forName("dev.lookahead.model.VectorLstmStepper");
            return (StepKernel) k.getDeclaredConstructor(LstmWeights.class).newInstance(weights);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the vector step kernel", e);
        }
    }
}
