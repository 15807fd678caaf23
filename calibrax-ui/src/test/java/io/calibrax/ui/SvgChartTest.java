package io.calibrax.ui;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SvgChartTest {

    @Test
    void chartStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgChart.niceStep(27.5)).isEqualTo(50);
        assertThat(SvgChart.niceStep(0.3)).isEqualTo(0.5, Offset.offset(1e-12));
        assertThat(SvgChart.niceStep(1.2)).isEqualTo(2);
        assertThat(SvgChart.niceStep(100)).isEqualTo(100);
        assertThat(SvgChart.niceStep(6)).isEqualTo(10);
    }

    @Test
    void drawsSeriesThresholdAndMarksWithEveryTextEscaped() {
        StringBuilder html = new StringBuilder();
        SvgChart.of("q<1>").axis(0, 3, "<start>", "end").series(new double[] {0, 1, 2, 3}, new double[] {1, 5, 2, 8})
                .threshold(6, "> 6").mark(3, 8, "critical", "it's <bad>").appendTo(html);

        String svg = html.toString();
        assertThat(svg).startsWith("<svg class=\"chart\"").endsWith("</svg>\n")
                .contains("aria-label=\"q&lt;1&gt; over time\"", "&lt;start&gt;", "threshold &gt; 6",
                        "<circle class=\"mark critical\"", "it&#39;s &lt;bad&gt;")
                .doesNotContain("<start>", "<bad>", "q<1>");
        assertThat(svg.substring(svg.indexOf("points=\"")).split("\"")[1].split(" ")).hasSize(4);
    }

    @Test
    void aDocumentCarriesItsNamespaceAndStyle() {
        String document = SvgChart.of("one").series(new double[] {5}, new double[] {42}).document();

        assertThat(document).startsWith("<?xml").contains("xmlns=\"http://www.w3.org/2000/svg\"", "<style>",
                ".chart .series", "<circle class=\"point\"");
    }

    @Test
    void anEmptyOrFlatSeriesStillDraws() {
        assertThat(SvgChart.of("none").document()).contains("<svg", "</svg>").doesNotContain("NaN", "Infinity");
        assertThat(SvgChart.of("flat").series(new double[] {0, 1}, new double[] {3, 3}).document())
                .contains("<polyline").doesNotContain("NaN");
    }

    @Test
    void seriesOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> SvgChart.of("x").series(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }

    @Test
    void readingsAreWrittenWithTheDecimalsTheyDeserve() {
        assertThat(Readings.format(90)).isEqualTo("90");
        assertThat(Readings.format(12.5)).isEqualTo("12.50");
        assertThat(Readings.format(1234.56)).isEqualTo("1234.6");
        assertThat(Readings.format(0.001234)).isEqualTo("0.00123");
        assertThat(Readings.format(Double.NaN)).isEqualTo("NaN");
    }
}
