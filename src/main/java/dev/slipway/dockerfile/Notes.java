package dev.slipway.dockerfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the notes about one Dockerfile, each once, and gives them in line order. */
final class Notes {
  private final String file;
  private final List<Note> notes = new ArrayList<>();

  Notes(String file) {
    this.file = file;
  }

  void notTranslated(int line, String message) {
    add(new Note(file, line, Note.Kind.NOT_TRANSLATED, message));
  }

  void translated(int line, String message) {
    add(new Note(file, line, Note.Kind.TRANSLATED, message));
  }

  void advice(int line, String message) {
    add(new Note(file, line, Note.Kind.ADVICE, message));
  }

  private void add(Note note) {
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  /** The notes by line; notes on one line keep the order they were made in. */
  List<Note> sorted() {
    List<Note> out = new ArrayList<>(notes);
    out.sort(Comparator.comparingInt(Note::line));
    return List.copyOf(out);
  }
}
