// A streaming zip reader for the tests: java.util.zip.ZipInputStream reads local headers in file
// order and never the central directory, as a reader fed from a pipe does. For each zip path given
// it prints `zip <path>`, then `entry <name as UTF-8 hex> <sha256 hex> <bytes>` per entry it yields,
// then `end ok`, or `end error <message>` when it throws. Run: java test/helpers/ZipStream.java A.zip B.zip
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

public class ZipStream {
  public static void main(String[] args) throws Exception {
    HexFormat hex = HexFormat.of();
    byte[] buf = new byte[64 * 1024];
    StringBuilder out = new StringBuilder();
    for (String path : args) {
      out.append("zip ").append(path).append('\n');
      try (InputStream file = new BufferedInputStream(new FileInputStream(path));
          ZipInputStream zip = new ZipInputStream(file, StandardCharsets.UTF_8)) {
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          long bytes = 0;
          int n;
          while ((n = zip.read(buf)) > 0) {
            sha.update(buf, 0, n);
            bytes += n;
          }
          out.append("entry ")
              .append(hex.formatHex(e.getName().getBytes(StandardCharsets.UTF_8)))
              .append(' ')
              .append(hex.formatHex(sha.digest()))
              .append(' ')
              .append(bytes)
              .append('\n');
        }
        out.append("end ok\n");
      } catch (Exception ex) {
        out.append("end error ").append(String.valueOf(ex).replaceAll("\\s+", " ")).append('\n');
      }
    }
    System.out.print(out);
  }
}
