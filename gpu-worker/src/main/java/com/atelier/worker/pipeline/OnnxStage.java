package com.atelier.worker.pipeline;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX model of the pipeline: its session, created from the file path (so that large models keep
 * their external weights), and the element types and shapes its inputs declare, which decide how
 * tensors are built for it rather than any assumption about the export.
 */
final class OnnxStage implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Map<String, TensorInfo> inputs = new HashMap<>();
    private final List<String> outputNames;

    OnnxStage(OrtEnvironment environment, Path model, OrtSession.SessionOptions options)
            throws OrtException {
        this(environment, environment.createSession(model.toString(), options));
    }

    private OnnxStage(OrtEnvironment environment, OrtSession session) throws OrtException {
        this.environment = environment;
        this.session = session;
        for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
            if (input.getValue().getInfo() instanceof TensorInfo tensor) {
                inputs.put(input.getKey(), tensor);
            }
        }
        this.outputNames = new ArrayList<>(session.getOutputNames());
    }

    boolean hasInput(String name) {
        return inputs.containsKey(name);
    }

    TensorInfo input(String name) {
        TensorInfo info = inputs.get(name);
        if (info == null) {
            throw new IllegalStateException("the model has no input '" + name + "'; it has " + inputs.keySet());
        }
        return info;
    }

    /** The declared size of one dimension of an input, empty when it is symbolic. */
    Optional<Long> declaredDimension(String input, int dimension) {
        long[] shape = input(input).getShape();
        return dimension < shape.length && shape[dimension] > 0 ? Optional.of(shape[dimension]) : Optional.empty();
    }

    /** A tensor of real numbers in the element type the input declares (float32, float16, bfloat16 or double). */
    OnnxTensor realTensor(String input, float[] values, long[] shape) throws OrtException {
        OnnxJavaType type = input(input).type;
        FloatBuffer buffer = FloatBuffer.wrap(values);
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(environment, buffer, shape);
            case FLOAT16 -> OnnxTensor.createTensor(environment, Fp16Conversions.convertFloatBufferToFp16Buffer(buffer),
                    shape, OnnxJavaType.FLOAT16);
            case BFLOAT16 -> OnnxTensor.createTensor(environment, Fp16Conversions.convertFloatBufferToBf16Buffer(buffer),
                    shape, OnnxJavaType.BFLOAT16);
            case DOUBLE -> {
                double[] doubles = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    doubles[i] = values[i];
                }
                yield OnnxTensor.createTensor(environment, java.nio.DoubleBuffer.wrap(doubles), shape);
            }
            default -> throw new IllegalStateException("input '" + input + "' is " + type + ", not a real number");
        };
    }

    /** A tensor of integers in the element type the input declares (int64 or int32), or of reals when it wants those. */
    OnnxTensor integerTensor(String input, long[] values, long[] shape) throws OrtException {
        OnnxJavaType type = input(input).type;
        return switch (type) {
            case INT64 -> OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
            case INT32 -> {
                int[] ints = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    ints[i] = Math.toIntExact(values[i]);
                }
                yield OnnxTensor.createTensor(environment, IntBuffer.wrap(ints), shape);
            }
            case FLOAT, FLOAT16, BFLOAT16, DOUBLE -> {
                float[] reals = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    reals[i] = values[i];
                }
                yield realTensor(input, reals, shape);
            }
            default -> throw new IllegalStateException("input '" + input + "' is " + type + ", not a number");
        };
    }

    /**
     * Runs the model and returns its outputs as float arrays (converted from float16 where needed), by
     * name. The feed's tensors are closed afterwards, but for those the caller keeps for later runs.
     * The time inside ONNX Runtime is added to {@code deviceTime}, the calling job's own.
     */
    Map<String, float[]> run(DeviceTime deviceTime, Map<String, OnnxTensor> feed, OnnxTensor... keptOpen)
            throws OrtException {
        long started = System.nanoTime();
        try (OrtSession.Result result = session.run(feed)) {
            deviceTime.add(System.nanoTime() - started);
            Map<String, float[]> outputs = new HashMap<>();
            for (Map.Entry<String, OnnxValue> output : result) {
                if (output.getValue() instanceof OnnxTensor tensor && tensor.getInfo().type != OnnxJavaType.BOOL) {
                    FloatBuffer buffer = tensor.getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    outputs.put(output.getKey(), values);
                } else if (output.getValue() instanceof OnnxTensor tensor) {
                    java.nio.ByteBuffer flags = tensor.getByteBuffer();
                    float[] values = new float[flags.remaining()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = flags.get() != 0 ? 1 : 0;
                    }
                    outputs.put(output.getKey(), values);
                }
            }
            return outputs;
        } finally {
            List<OnnxTensor> kept = List.of(keptOpen);
            for (OnnxTensor tensor : feed.values()) {
                if (!kept.contains(tensor)) {
                    tensor.close();
                }
            }
        }
    }

    String firstOutputName() {
        return outputNames.get(0);
    }

    List<String> outputNames() {
        return outputNames;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
