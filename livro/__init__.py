"""Ferramentas do livro (para quem mantém o curso, não para o aluno).

- :mod:`livro.cadernos` — célula de preparação e limpeza dos notebooks;
- :mod:`livro.exercicios` — gera ``exercises/`` a partir de ``solutions/``;
- :mod:`livro.ativos` — arquivos JavaScript locais do site (MathJax, widgets);
- :mod:`livro.sphinx_pt` — extensão do Sphinx que traduz a interface do site;
- :mod:`livro.navegador` — Pyodide e rodas do "Executar no navegador" (``_lite/``);
- :mod:`livro.conteudo_lite` — cópias dos notebooks e construção do JupyterLite;
- :mod:`livro.kernel_navegador` — a preparação que roda dentro do navegador;
- :mod:`livro.sphinx_navegador` — botões e quadros do navegador, editar/abrir issue;
- :mod:`livro.busca` — busca sem acentos;
- :mod:`livro.pdf` — o livro inteiro num PDF (``bash scripts/pdf.sh``).

O pacote ``curso`` (o do aluno) não importa nada daqui.
"""
