package dev.slipway.core;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;

/**
 * I/O failures as people need to read them: the path and the reason. The JDK gives one or the
 * other: {@code AccessDeniedException}'s message is the bare path, and a write to a full disk says
 * "No space left on device" without saying which file. {@link #describe} is what the CLI prints;
 * {@link #naming} and {@link #naming(Path, OutputStream)} attach the path where it is known.
 */
public final class IoErrors {
  private IoErrors() {}

  /** {@code path: reason} for a file system failure, else the message (or the kind of failure). */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      StringBuilder text = new StringBuilder(fs.getFile());
      if (fs.getOtherFile() != null) {
        text.append(" -> ").append(fs.getOtherFile());
      }
      return text.append(": ").append(reason(fs)).toString();
    }
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName()
        : e.getMessage();
  }

  /**
   * {@code e}, naming {@code path} if it names no file yet: a {@link FileSystemException} whose
   * reason is {@code e}'s message and whose cause is {@code e}.
   */
  public static IOException naming(Path path, IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return e;
    }
    FileSystemException named = new FileSystemException(path.toString(), null, describe(e));
    named.initCause(e);
    return named;
  }

  /** Wraps {@code out} so that a failed write, flush or close names {@code path}. */
  public static OutputStream naming(Path path, OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        try {
          out.write(b);
        } catch (IOException e) {
          throw naming(path, e);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw naming(path, e);
        }
      }

      @Override
      public void flush() throws IOException {
        try {
          out.flush();
        } catch (IOException e) {
          throw naming(path, e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } catch (IOException e) {
          throw naming(path, e);
        }
      }
    };
  }

  private static String reason(FileSystemException fs) {
    if (fs.getReason() != null && !fs.getReason().isBlank()) {
      return fs.getReason();
    }
    if (fs instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (fs instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (fs instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (fs instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (fs instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (fs instanceof NotLinkException) {
      return "not a symbolic link";
    }
    if (fs instanceof FileSystemLoopException) {
      return "a symbolic link loop";
    }
    return fs.getClass().getSimpleName();
  }
}
