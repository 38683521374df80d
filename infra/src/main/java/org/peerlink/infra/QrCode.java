package org.peerlink.infra;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayOutputStream;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code of the app's import link (ZXing), drawn for a terminal and as a PNG: the app's "import" screen scans it
 * from the screen of the machine that ran {@code deploy.sh}.
 *
 * @param modules the code's modules, {@code true} = dark, with a quiet zone of {@link #QUIET_ZONE} around it
 */
public record QrCode(BitMatrix modules) {

    /** The quiet zone, in modules, that scanners need around the code. */
    public static final int QUIET_ZONE = 2;
    /** Pixels per module in the PNG. */
    static final int PNG_SCALE = 8;

    /**
     * Encodes {@code text} (byte mode, UTF-8, error correction M: a link of ~600 characters stays scannable).
     *
     * @param text what the code holds
     * @return the code
     */
    public static QrCode of(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.CHARACTER_SET, "UTF-8",
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, QUIET_ZONE));
            return new QrCode(matrix);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode " + text.length() + " characters as a QR code", e);
        }
    }

    /**
     * The code in a terminal, two rows of modules per line with half blocks. Light modules are drawn, dark ones left
     * blank, as {@code qrencode -t UTF8} does: on the usual dark terminal the code then reads dark on light.
     *
     * @return lines ending in a newline
     */
    public String terminal() {
        int width = modules.getWidth();
        int height = modules.getHeight();
        StringBuilder out = new StringBuilder((width + 1) * (height / 2 + 1));
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x++) {
                boolean topLight = !modules.get(x, y);
                boolean bottomLight = y + 1 >= height || !modules.get(x, y + 1);
                out.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The code as a black-on-white PNG.
     *
     * @return the PNG's bytes
     */
    public byte[] png() {
        int width = modules.getWidth();
        int height = modules.getHeight();
        BufferedImage image = new BufferedImage(width * PNG_SCALE, height * PNG_SCALE, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, modules.get(x / PNG_SCALE, y / PNG_SCALE) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
