// Controles deslizantes (ipywidgets/noUiSlider) acessíveis pelo teclado e por leitores
// de tela: cada alça (role="slider", já focável com Tab e movida pelas setas) recebe o
// nome do controle (o rótulo ao lado) e o valor mostrado (aria-valuetext); a leitura do
// valor vira uma região "aria-live", anunciada quando muda.
(function () {
  "use strict";
  function rotular(raiz) {
    raiz.querySelectorAll(".widget-slider, .jupyter-widget-slider").forEach(function (w) {
      var alca = w.querySelector(".noUi-handle");
      if (!alca) return;
      var rotulo = w.querySelector(".widget-label, .widget-label-basic");
      var leitura = w.querySelector(".widget-readout");
      var nome = rotulo && rotulo.textContent.trim();
      if (nome && !alca.getAttribute("aria-label")) alca.setAttribute("aria-label", nome);
      if (!alca.hasAttribute("tabindex")) alca.setAttribute("tabindex", "0");
      if (leitura) {
        leitura.setAttribute("aria-live", "polite");
        var valor = leitura.textContent.trim();
        if (valor && alca.getAttribute("aria-valuetext") !== valor) {
          alca.setAttribute("aria-valuetext", valor);
        }
      }
    });
  }
  function iniciar() {
    rotular(document);
    new MutationObserver(function () { rotular(document); }).observe(document.body, {
      childList: true, subtree: true, characterData: true,
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
