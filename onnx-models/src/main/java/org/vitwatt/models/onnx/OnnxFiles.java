package org.vitwatt.models.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.vitwatt.feedback.VitwattException;

/**
 * Reads and writes ONNX model files ({@code ModelProto}) with errors a user can act on: a missing file, a
 * file that is not ONNX and a truncated file each get one line that names the file.
 */
public final class OnnxFiles {
    private OnnxFiles() {
    }

    /** Reads a whole model; initializers with external data keep only their reference. */
    public static ModelProto read(Path file) {
        if (!Files.exists(file)) {
            throw new VitwattException("model file " + file + " does not exist: check the path, or build it with "
                    + "'java -jar onnx-models/target/vitwatt-models.jar build NAME -o " + file + "'");
        }
        if (Files.isDirectory(file)) {
            throw new VitwattException("model file " + file + " is a directory: give the path of an .onnx file");
        }
        ModelProto model;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            in.mark(1);
            if (in.read() != IR_VERSION_TAG) {
                throw new VitwattException("model file " + file + " is not an ONNX model (it does not start with an "
                        + "ONNX IR version field): re-export it or copy it again");
            }
            in.reset();
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            coded.setRecursionLimit(1000);
            model = ModelProto.parseFrom(coded);
        } catch (AccessDeniedException e) {
            throw new VitwattException("model file " + file + " cannot be read (permission denied): fix its permissions");
        } catch (NoSuchFileException e) {
            throw new VitwattException("model file " + file + " does not exist");
        } catch (InvalidProtocolBufferException e) {
            throw notOnnx(file, e.getMessage());
        } catch (IOException e) {
            throw new VitwattException("model file " + file + " could not be read: " + e.getMessage());
        }
        validate(model, file);
        return model;
    }

    /**
     * Every ONNX file begins with the tag of {@code ModelProto.ir_version} (field 1, varint): protobuf
     * writers emit fields in field-number order and every exporter sets the IR version.
     */
    private static final int IR_VERSION_TAG = 0x08;

    /** Parses a model held in memory, with the same checks as {@link #read(Path)}; {@code origin} names it. */
    public static ModelProto parse(byte[] bytes, String origin) {
        try {
            ModelProto model = ModelProto.parseFrom(bytes);
            validate(model, Path.of(origin));
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw notOnnx(Path.of(origin), e.getMessage());
        }
    }

    private static VitwattException notOnnx(Path file, String detail) {
        String why = detail != null && detail.contains("ended unexpectedly")
                ? "is truncated (the protobuf data ends in the middle of a message)"
                : "is not an ONNX model (protobuf parse failed: " + detail + ")";
        return new VitwattException("model file " + file + " " + why
                + ": re-export it or copy it again");
    }

    private static void validate(ModelProto model, Path file) {
        if (!model.hasGraph() || model.getIrVersion() <= 0 || model.getOpsetImportCount() == 0
                || model.getGraph().getNodeCount() == 0) {
            throw new VitwattException("model file " + file + " is not an ONNX model (no graph, IR version or opset "
                    + "in it" + (model.getGraph().getNodeCount() == 0 && model.hasGraph() ? ", or an empty graph" : "")
                    + "): re-export it");
        }
    }

    /**
     * Writes a model atomically: to a temporary file beside the target, then renamed, so a crash never
     * leaves a half-written model where a later run would find it.
     */
    public static void write(ModelProto model, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                    model.writeTo(out);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new VitwattException("cannot write model file " + file + ": " + e.getMessage()
                    + " (check the directory exists, is writable and has free space)");
        }
    }
}
