package org.peerlink.loadgen.signal;

import java.io.IOException;

import org.peerlink.loadgen.Endpoint;
import org.peerlink.loadgen.ws.WsFrames;
import org.peerlink.loadgen.ws.WsSocket;

/** Opening a signal socket and registering on it, as every signal workload starts. */
final class Registration {

    private Registration() {
    }

    /**
     * Connects, sends the register frame and reads until its {@code register_ack}, skipping presence updates about
     * other peers.
     *
     * @return the registered socket
     * @throws IOException when the connection fails or the server answers with anything but an ack (the message
     *                     says what)
     */
    static WsSocket register(Endpoint signal, byte[] registerFrame, int bufferSize) throws IOException {
        WsSocket socket = WsSocket.connect(signal, bufferSize);
        try {
            socket.send(registerFrame);
            while (true) {
                int opcode = socket.next();
                if (opcode == WsFrames.OP_CLOSE) {
                    throw new IOException("closed by the server before register_ack");
                }
                if (opcode != WsFrames.OP_TEXT) {
                    continue;
                }
                FrameKind kind = FrameKind.of(socket.payload(), socket.payloadLength());
                if (kind == FrameKind.REGISTER_ACK) {
                    return socket;
                }
                if (kind != FrameKind.PRESENCE) {
                    throw new IOException("expected register_ack, got " + socket.payloadText());
                }
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
