package io.tidemark.core.project;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes and reads a tree of Tidemark's own records (assets, checks, load blocks, mappings) in a
 * compact binary form: each record as its class and its components in declaration order, read back
 * through its canonical constructor, so that the constructor's checks and normalisation run again.
 * Values are limited to what a loaded project holds: text, numbers, booleans, enums, dates,
 * durations, paths, lists, sets, maps, optionals and records of {@code io.tidemark}. Anything else
 * fails the write ({@link Unsupported}), so a type this codec does not know is never half-kept.
 * Repeated texts and classes are written once and referred to by number.
 */
final class RecordCodec {
  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int STRING_REF = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int DOUBLE = 5;
  private static final int TRUE = 6;
  private static final int FALSE = 7;
  private static final int ENUM = 8;
  private static final int LIST = 9;
  private static final int SET = 10;
  private static final int MAP = 11;
  private static final int RECORD = 12;
  private static final int LOCAL_DATE = 13;
  private static final int DURATION = 14;
  private static final int PATH = 15;
  private static final int INSTANT = 16;
  private static final int OPTIONAL = 17;

  private static final String OWN_PACKAGE = "io.tidemark.";

  /** A value the codec does not write: the caller keeps nothing rather than part of it. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private RecordCodec() {}

  /** Writes values to one stream; texts and classes repeated across values are written once. */
  static final class Writer {
    private final DataOutputStream out;
    private final Map<String, Integer> strings = new HashMap<>();
    private final Map<Class<?>, Integer> classes = new HashMap<>();

    Writer(DataOutputStream out) {
      this.out = out;
    }

    void write(Object value) throws IOException {
      if (value == null) {
        out.writeByte(NULL);
      } else if (value instanceof String text) {
        text(text);
      } else if (value instanceof Integer number) {
        out.writeByte(INT);
        out.writeInt(number);
      } else if (value instanceof Long number) {
        out.writeByte(LONG);
        out.writeLong(number);
      } else if (value instanceof Double number) {
        out.writeByte(DOUBLE);
        out.writeDouble(number);
      } else if (value instanceof Boolean flag) {
        out.writeByte(flag ? TRUE : FALSE);
      } else if (value instanceof Enum<?> constant) {
        out.writeByte(ENUM);
        type(constant.getDeclaringClass());
        text(constant.name());
      } else if (value instanceof LocalDate date) {
        out.writeByte(LOCAL_DATE);
        out.writeLong(date.toEpochDay());
      } else if (value instanceof Duration duration) {
        out.writeByte(DURATION);
        out.writeLong(duration.getSeconds());
        out.writeInt(duration.getNano());
      } else if (value instanceof Instant instant) {
        out.writeByte(INSTANT);
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
      } else if (value instanceof Path path) {
        out.writeByte(PATH);
        text(path.toString());
      } else if (value instanceof Optional<?> optional) {
        out.writeByte(OPTIONAL);
        write(optional.orElse(null));
      } else if (value instanceof List<?> list) {
        out.writeByte(LIST);
        out.writeInt(list.size());
        for (Object item : list) {
          write(item);
        }
      } else if (value instanceof Set<?> set) {
        if (set instanceof java.util.SortedSet<?> sorted && sorted.comparator() != null) {
          // Read back as a plain set it would lose the comparator its lookups go by.
          throw new Unsupported("a set with a comparator");
        }
        out.writeByte(SET);
        out.writeInt(set.size());
        for (Object item : set) {
          write(item);
        }
      } else if (value instanceof Map<?, ?> map) {
        if (map instanceof java.util.SortedMap<?, ?> sorted && sorted.comparator() != null) {
          throw new Unsupported("a map with a comparator");
        }
        out.writeByte(MAP);
        out.writeInt(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          write(entry.getKey());
          write(entry.getValue());
        }
      } else if (value instanceof Record record) {
        Class<?> type = record.getClass();
        if (!type.getName().startsWith(OWN_PACKAGE)) {
          throw new Unsupported("a record of type " + type.getName());
        }
        out.writeByte(RECORD);
        type(type);
        for (RecordComponent component : type.getRecordComponents()) {
          Method accessor = component.getAccessor();
          try {
            accessor.setAccessible(true);
            write(accessor.invoke(record));
          } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof Unsupported unsupported) {
              throw unsupported;
            }
            throw new Unsupported("cannot read " + type.getName() + "." + component.getName());
          }
        }
      } else {
        throw new Unsupported("a value of type " + value.getClass().getName());
      }
    }

    private void text(String text) throws IOException {
      Integer known = strings.get(text);
      if (known != null) {
        out.writeByte(STRING_REF);
        out.writeInt(known);
        return;
      }
      strings.put(text, strings.size());
      out.writeByte(STRING);
      writeLongText(out, text);
    }

    private void type(Class<?> type) throws IOException {
      Integer known = classes.get(type);
      if (known != null) {
        out.writeInt(known);
        return;
      }
      classes.put(type, classes.size());
      out.writeInt(-1);
      writeLongText(out, type.getName());
    }
  }

  /** Reads what a {@link Writer} wrote, in the same order. */
  static final class Reader {
    private final java.nio.ByteBuffer in;
    private final List<String> strings = new ArrayList<>();
    private final List<Shape> classes = new ArrayList<>();

    Reader(java.nio.ByteBuffer in) {
      this.in = in;
    }

    /** How to make one record class or name one enum class. */
    private record Shape(Class<?> type, Constructor<?> constructor, int components) {}

    Object read() throws IOException {
      int tag = in.get();
      switch (tag) {
        case NULL:
          return null;
        case STRING:
          {
            String text = readLongText(in);
            strings.add(text);
            return text;
          }
        case STRING_REF:
          return strings.get(in.getInt());
        case INT:
          return in.getInt();
        case LONG:
          return in.getLong();
        case DOUBLE:
          return in.getDouble();
        case TRUE:
          return Boolean.TRUE;
        case FALSE:
          return Boolean.FALSE;
        case ENUM:
          {
            Shape shape = shape();
            String name = (String) read();
            return enumConstant(shape.type(), name);
          }
        case LOCAL_DATE:
          return LocalDate.ofEpochDay(in.getLong());
        case DURATION:
          return Duration.ofSeconds(in.getLong(), in.getInt());
        case INSTANT:
          return Instant.ofEpochSecond(in.getLong(), in.getInt());
        case PATH:
          return Path.of((String) read());
        case OPTIONAL:
          return Optional.ofNullable(read());
        case LIST:
          {
            int size = size();
            List<Object> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
              list.add(read());
            }
            return Collections.unmodifiableList(list);
          }
        case SET:
          {
            int size = size();
            Set<Object> set = new LinkedHashSet<>();
            for (int i = 0; i < size; i++) {
              set.add(read());
            }
            return Collections.unmodifiableSet(set);
          }
        case MAP:
          {
            int size = size();
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
              Object key = read();
              map.put(key, read());
            }
            return Collections.unmodifiableMap(map);
          }
        case RECORD:
          {
            Shape shape = shape();
            Object[] arguments = new Object[shape.components()];
            for (int i = 0; i < arguments.length; i++) {
              arguments[i] = read();
            }
            try {
              return shape.constructor().newInstance(arguments);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
              throw new IOException("cannot make a " + shape.type().getName() + ": " + e, e);
            }
          }
        default:
          throw new IOException("unknown value tag " + tag);
      }
    }

    private int size() throws IOException {
      int size = in.getInt();
      if (size < 0) {
        throw new IOException("negative size " + size);
      }
      return size;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) throws IOException {
      if (!type.isEnum()) {
        throw new IOException(type.getName() + " is not an enum");
      }
      try {
        return Enum.valueOf((Class<? extends Enum>) type, name);
      } catch (IllegalArgumentException e) {
        throw new IOException("no constant " + name + " in " + type.getName(), e);
      }
    }

    private Shape shape() throws IOException {
      int index = in.getInt();
      if (index >= 0) {
        if (index >= classes.size()) {
          throw new IOException("unknown class number " + index);
        }
        return classes.get(index);
      }
      String name = readLongText(in);
      if (!name.startsWith(OWN_PACKAGE)) {
        throw new IOException("refusing to make a " + name);
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, RecordCodec.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IOException("unknown class " + name, e);
      }
      Shape shape;
      if (type.isEnum()) {
        shape = new Shape(type, null, 0);
      } else if (type.isRecord()) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameters = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
          parameters[i] = components[i].getType();
        }
        try {
          Constructor<?> constructor = type.getDeclaredConstructor(parameters);
          constructor.setAccessible(true);
          shape = new Shape(type, constructor, components.length);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IOException("cannot make a " + name + ": " + e, e);
        }
      } else {
        throw new IOException(name + " is neither a record nor an enum");
      }
      classes.add(shape);
      return shape;
    }
  }

  /** Text of any length (writeUTF stops at 64 KB, and a model's SQL may be longer). */
  static void writeLongText(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readLongText(java.nio.ByteBuffer in) throws IOException {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IOException("bad text length " + length);
    }
    String text =
        new String(
            in.array(),
            in.arrayOffset() + in.position(),
            length,
            java.nio.charset.StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }
}
