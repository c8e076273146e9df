"""Corretor automático dos exercícios do curso (para professores).

Uso::

    python -m corretor ENTREGAS --exercicio NOME --saida notas.csv \\
        [--feedback PASTA] [--tempo-limite S] [--processos N] [--semente K]

Cada ``.ipynb`` encontrado (recursivamente) em ENTREGAS vira exatamente uma linha do
CSV. As funções corrigidas são achadas pelo **nome** (análise das células com
``ast``). Só as *definições* de cada célula são executadas, cada entrega num processo
próprio, limitado e numa caixa de areia (``bwrap``); sem ela, nada é corrigido, a não
ser com ``--sem-isolamento``. A entrega só devolve dados; as comparações com a solução
de referência acontecem no processo confiável. O modelo de ameaça está na seção "Para
professores" do ``README.md``.

Um módulo por assunto:

- :mod:`corretor.leitura` — o notebook como JSON e as definições de cada célula;
- :mod:`corretor.entregas` — os notebooks de uma pasta, o aluno de cada um, avisos;
- :mod:`corretor.caixa` — a caixa de areia (limites, vigia de processos);
- :mod:`corretor.montagens` — o que a caixa enxerga (bubblewrap) e o teste de que ela
  funciona aqui (sem ela, nada é corrigido);
- :mod:`corretor.lancador` — o primeiro processo da caixa (limites, uid, espaço);
- :mod:`corretor.resultados` — leitura limitada e validação do que volta da caixa;
- :mod:`corretor.executor` — o que roda **dentro** da caixa (só a biblioteca padrão);
- :mod:`corretor.casos` — a verdade declarada de cada função corrigida (gerador de
  entradas, tolerâncias, tipos aceitos, dependências);
- :mod:`corretor.comparacao` — comparação, estrutura e dicas, o mesmo módulo que vai
  para a célula de ferramentas de cada notebook (só biblioteca padrão + numpy);
- :mod:`corretor.avaliacao` — o veredito de cada função (diagnósticos + comparação),
  em rodadas, com as referências das dependências que falharam;
- :mod:`corretor.correcao` — a nota de uma entrega e de uma pasta;
- :mod:`corretor.motores` — onde as entregas são corrigidas: aqui (threads) ou num
  cluster Dask (``--cluster``);
- :mod:`corretor.relatorio` — o CSV e os relatórios por aluno;
- :mod:`corretor.trava` — uma correção por saída (CSV e pasta de relatórios);
- :mod:`corretor.cli` — a linha de comando (``python -m corretor``).

Este pacote não faz parte do material do aluno: o pacote ``curso`` não o importa.
"""
