package org.peerlink.infra;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplateTest {

    @Test
    void replacesEveryPlaceholderAndNothingElse() {
        Template t = Template.of("t", "a=${A}\nb=${B_2} ${A} $A ${lower} {A} $${A}\n");
        assertEquals("a=1\nb=two 1 $A ${lower} {A} $1\n", t.render(Map.of("A", "1", "B_2", "two", "UNUSED", "x")));
    }

    @Test
    void valuesAreInsertedLiterally() {
        // '$' and '\' mean something to Matcher.appendReplacement; here they must not
        assertEquals("p=$1\\x ${A}", Template.of("t", "p=${P}").render(Map.of("P", "$1\\x ${A}", "A", "no")));
    }

    @Test
    void aPlaceholderWithoutValueIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                                                () -> Template.of("x.cfg", "${B} ${A} ${B}").render(Map.of()));
        assertEquals("template x.cfg uses placeholders the renderer does not set: [A, B]", e.getMessage());
    }

    @Test
    void everyShippedTemplateIsInTheJar() {
        for (String name : InfraRenderer.FILES) {
            Template.load(name);
        }
        assertEquals("template nope.cfg is missing from the jar",
                     assertThrows(IllegalStateException.class, () -> Template.load("nope.cfg")).getMessage());
    }
}
