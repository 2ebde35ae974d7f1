package dev.tokenvault.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the disk under the data directory does, without the vault: append 800 bytes (about one
 * sealed frame) to a file and force its data ({@code fdatasync}), as a save does. This is the
 * floor under {@link SaveBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiskBenchmark {
  private static final int FRAME_BYTES = 800;

  private Path dir;
  private FileChannel channel;
  private final ByteBuffer frame = ByteBuffer.allocate(FRAME_BYTES);
  private long end;

  /** Creates an empty file in a new working directory. */
  @Setup(Level.Iteration)
  public void openFile() throws IOException {
    dir = Vaults.newWorkDir();
    channel = FileChannel.open(dir.resolve("append.bin"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    new SplittableRandom(3).nextBytes(frame.array());
    end = 0;
  }

  /** Closes and deletes the file. */
  @TearDown(Level.Iteration)
  public void deleteFile() throws IOException {
    channel.close();
    Vaults.deleteTree(dir);
  }

  /** Appends one frame's worth of bytes and forces them; returns the file's end. */
  @Benchmark
  public long appendAndForce() throws IOException {
    frame.clear();
    while (frame.hasRemaining()) {
      end += channel.write(frame, end);
    }
    channel.force(false);
    return end;
  }
}
