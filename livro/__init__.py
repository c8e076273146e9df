"""Ferramentas do livro (para quem mantém o curso, não para o aluno).

- :mod:`livro.cadernos` — célula de preparação e limpeza dos notebooks;
- :mod:`livro.exercicios` — gera ``exercises/`` a partir de ``solutions/``;
- :mod:`livro.ativos` — arquivos JavaScript locais do site (MathJax, widgets);
- :mod:`livro.sphinx_pt` — extensão do Sphinx que traduz a interface do site.

O pacote ``curso`` (o do aluno) não importa nada daqui.
"""
