package io.tidemark.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.alert.Alert;

/**
 * Block Kit messages for alerts, laid out to read on a phone: a header saying what, then where and
 * since when side by side, the details as a short list, what to do as a command to copy, and a link
 * to the run. The plain {@code text} is the notification's preview.
 */
public final class SlackMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HEADER_LIMIT = 150;
  private static final int SECTION_LIMIT = 3000;

  private SlackMessages() {}

  /** The first message of an alert key. */
  public static ObjectNode message(String channel, Alert alert) {
    ObjectNode message = JSON.createObjectNode();
    message.put("channel", channel);
    message.put("text", icon(alert) + " " + alert.title() + " — " + alert.where());
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", limit(icon(alert) + " " + alert.title(), HEADER_LIMIT))
        .put("emoji", true);
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    fields.addObject().put("type", "mrkdwn").put("text", "*Where*\n" + alert.where());
    fields.addObject().put("type", "mrkdwn").put("text", "*Since*\n" + since(alert));
    if (!alert.owners().isEmpty()) {
      fields
          .addObject()
          .put("type", "mrkdwn")
          .put("text", "*Owner*\n" + String.join(", ", alert.owners()));
    }
    if (!alert.details().isEmpty()) {
      StringBuilder list = new StringBuilder();
      for (String line : alert.details()) {
        list.append("• ").append(escape(line)).append('\n');
      }
      section(blocks, limit(list.toString().strip(), SECTION_LIMIT));
    }
    if (!alert.action().isEmpty()) {
      section(blocks, "*What to do*\n```" + alert.action() + "```");
    }
    if (!alert.link().isEmpty()) {
      ObjectNode context = blocks.addObject().put("type", "context");
      context
          .putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", "<" + alert.link() + "|Open in Tidemark>");
    }
    return message;
  }

  /** A later alert of the same key, as a reply in the first one's thread. */
  public static ObjectNode reply(String channel, String threadTs, Alert alert, int seen) {
    ObjectNode message = JSON.createObjectNode();
    message.put("channel", channel);
    message.put("thread_ts", threadTs);
    String what =
        alert.resolved()
            ? "✅ " + alert.title()
            : icon(alert) + " Again (" + seen + " times now): " + alert.title();
    message.put("text", what);
    ArrayNode blocks = message.putArray("blocks");
    StringBuilder text =
        new StringBuilder("*").append(escape(what)).append("*\n").append(alert.where());
    for (String line : alert.details()) {
      text.append("\n• ").append(escape(line));
    }
    if (!alert.link().isEmpty()) {
      text.append("\n<").append(alert.link()).append("|Open in Tidemark>");
    }
    section(blocks, limit(text.toString(), SECTION_LIMIT));
    return message;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", mrkdwn);
  }

  /** Slack shows the reader's own time zone; the ISO text is the fallback. */
  private static String since(Alert alert) {
    return "<!date^"
        + alert.since().getEpochSecond()
        + "^{date_short_pretty} {time}|"
        + alert.since()
        + ">";
  }

  private static String icon(Alert alert) {
    if (alert.resolved()) {
      return "✅";
    }
    return switch (alert.kind()) {
      case TASK_FAILED -> "🔴";
      case RETRIES, CHECKS -> "🟡";
      case VOLUME_ANOMALY -> "📉";
      case REPAIR_FINISHED -> "🛠️";
      case SCHEDULER_BEHIND -> "⏱️";
      case SOURCE_NOT_ARRIVED -> "⏳";
      case TEST -> "👋";
    };
  }

  /** Slack's mrkdwn treats these three as markup. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String limit(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
