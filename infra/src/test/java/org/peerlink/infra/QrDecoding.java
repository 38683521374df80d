package org.peerlink.infra;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Reads a QR code back with ZXing's reader, as a phone's scanner would: from the terminal text and from the PNG. */
final class QrDecoding {

    private static final int SCALE = 4;

    private QrDecoding() {
    }

    /** The text of a code drawn by {@link QrCode#terminal()}: light modules are blocks, as on a dark terminal. */
    static String fromTerminal(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int width = lines.getFirst().length();
        int height = lines.size() * 2;
        boolean[][] light = new boolean[height][width];
        for (int row = 0; row < lines.size(); row++) {
            String line = lines.get(row);
            for (int x = 0; x < width; x++) {
                char c = line.charAt(x);
                light[2 * row][x] = c == '█' || c == '▀';
                light[2 * row + 1][x] = c == '█' || c == '▄';
            }
        }
        int[] pixels = new int[width * SCALE * height * SCALE];
        for (int y = 0; y < height * SCALE; y++) {
            for (int x = 0; x < width * SCALE; x++) {
                pixels[y * width * SCALE + x] = light[y / SCALE][x / SCALE] ? 0xFFFFFF : 0;
            }
        }
        return decode(width * SCALE, height * SCALE, pixels);
    }

    /** The text of a code in a PNG. */
    static String fromPng(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return decode(image.getWidth(), image.getHeight(), pixels);
    }

    private static String decode(int width, int height, int[] pixels) {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(width, height, pixels))),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.CHARACTER_SET, "UTF-8"))
                    .getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError("no QR code could be read: " + e, e);
        }
    }
}
