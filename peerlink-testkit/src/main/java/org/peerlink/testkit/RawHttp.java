package org.peerlink.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw HTTP/1.1 exchanges over a socket, for what a well-behaved client library will not send (a lying
 * Content-Length, no Content-Type, hand-made chunked bodies, pipelining).
 */
public final class RawHttp {

    private static final int TIMEOUT_MS = 5000;

    private RawHttp() {
    }

    /** One exchange; reads until the server closes or the response body (Content-Length) arrived. */
    public static String exchange(int port, String request) throws IOException {
        return exchange(port, request, 1);
    }

    /** Like {@link #exchange(int, String)}, for {@code responses} pipelined responses. */
    public static String exchange(int port, String request, int responses) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything (413); its answer is still readable
            }
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            byte[] buf = new byte[4096];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (IOException e) {
                    break; // connection reset after the server's answer
                }
                if (n < 0) {
                    break;
                }
                text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (complete(text, responses)) {
                    break;
                }
            }
            return text.toString();
        }
    }

    /** The body of the last response in {@code response}. */
    public static String body(String response) {
        int end = response.lastIndexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    private static boolean complete(StringBuilder text, int responses) {
        if (text.toString().split("HTTP/1\\.1 \\d{3} ", -1).length - 1 < responses) {
            return false;
        }
        int start = Math.max(0, text.lastIndexOf("HTTP/1.1 "));
        int end = text.indexOf("\r\n\r\n", start);
        if (end < 0) {
            return false;
        }
        Matcher m = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text.substring(start, end));
        return m.find() && text.length() - end - 4 >= Integer.parseInt(m.group(1));
    }
}
