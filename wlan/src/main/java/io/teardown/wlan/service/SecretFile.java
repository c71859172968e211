package io.teardown.wlan.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

/**
 * The file through which a service running as its own process hands its port and per-start secret to
 * clients: readable and writable by its owner only (POSIX {@code rw-------}; elsewhere the JDK's
 * owner-only flags), replaced atomically at each start and deleted at stop.
 */
final class SecretFile {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path path;

    SecretFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    void write(int port, byte[] secret) throws IOException {
        Path dir = path.getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        Path tmp;
        if (posix) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            tmp = Files.createTempFile(dir, ".wlan-secret", ".tmp", attr);
        } else {
            tmp = Files.createTempFile(dir, ".wlan-secret", ".tmp");
            java.io.File f = tmp.toFile();
            boolean ok = f.setReadable(false, false) & f.setReadable(true, true)
                    & f.setWritable(false, false) & f.setWritable(true, true);
            if (!ok) {
                Files.deleteIfExists(tmp);
                throw new AccessDeniedException(tmp.toString(), null, "cannot make the secret file owner-only");
            }
        }
        try {
            String text = "port=" + port + "\nsecret=" + HexFormat.of().formatHex(secret) + "\n";
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.getLogger(SecretFile.class.getName()).log(System.Logger.Level.DEBUG, "cannot delete " + path, e);
        }
    }

    /**
     * Reads a secret file. Refuses one that others may read (POSIX), as a secret anyone could read
     * proves nothing.
     */
    static WlanService.Endpoint read(Path path) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new AccessDeniedException(path.toString(), null,
                        "WLAN service secret file must be owner-only, is " + PosixFilePermissions.toString(perms));
            }
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(path, StandardCharsets.US_ASCII)) {
            p.load(r);
        }
        String port = p.getProperty("port");
        String secret = p.getProperty("secret");
        if (port == null || secret == null) {
            throw new IOException(path + ": not a WLAN service secret file");
        }
        try {
            return new WlanService.Endpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(port.trim())), HexFormat.of().parseHex(secret.trim()));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": malformed WLAN service secret file", e);
        }
    }
}
